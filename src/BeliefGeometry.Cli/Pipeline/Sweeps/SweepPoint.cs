namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// One point of a sweep: an ordinary run of the base experiment with the overrides <paramref name="Sets"/>
/// (<c>path=value</c>, as <c>--set</c> takes them, in order), named <paramref name="Name"/> after the settings that
/// vary (<paramref name="Settings"/>: axis → value or label, in axis order). Its run directory is <c>&lt;sweep&gt;/&lt;Name&gt;</c>.
/// </summary>
public sealed record SweepPoint(int Index, string Name, IReadOnlyList<KeyValuePair<string, string>> Settings, IReadOnlyList<string> Sets)
{
    /// <summary>The optimizer steps of the point's run (from its resolved experiment, when the sweep file was read).</summary>
    public long TotalSteps { get; init; }

    /// <summary>The point's run directory inside <paramref name="sweepDirectory"/>.</summary>
    public string Directory(string sweepDirectory) => Path.Combine(sweepDirectory, Name);

    /// <summary>
    /// A point is finished when its run has its report (the last thing <c>belief experiment</c> writes): a resumed
    /// sweep skips it. A point with a run directory but no report is resumed from its checkpoint.
    /// </summary>
    public bool IsFinished(string sweepDirectory) => File.Exists(Path.Combine(Directory(sweepDirectory), "report.html"));
}
