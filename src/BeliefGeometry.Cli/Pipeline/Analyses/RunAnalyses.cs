namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>The analyses every probed run goes through, in the order their sections appear in report.html.</summary>
public static class RunAnalyses
{
    /// <summary>Register a new analysis here: one line.</summary>
    public static IReadOnlyList<IRunAnalysis> Default { get; } =
    [
        new ProbeReport(),
        new PublishedProtocolReport(),
        new FarFutureReport(),
        new FactoredReport(),
        new MixtureReport(),
        new GeometryReport(),
        new TrainingReport(),
        new ProcessReport(),
    ];
}
