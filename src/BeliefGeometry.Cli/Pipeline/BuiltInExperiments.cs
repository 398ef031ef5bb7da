using System.Reflection;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The experiment files of <c>experiments/</c>, built into the program so <c>belief experiment mess3</c> works from any
/// directory; likewise its sweep files (<c>belief sweep architectures</c>), kept apart by the project file.
/// </summary>
public static class BuiltInExperiments
{
    private const string ExperimentPrefix = "experiments/", SweepPrefix = "sweeps/";

    /// <summary>The experiment names (<c>mess3</c>, <c>rrxor</c>, …) in order.</summary>
    public static IReadOnlyList<string> Names { get; } = NamesUnder(ExperimentPrefix);

    /// <summary>The sweep names (<c>architectures</c>, …) in order.</summary>
    public static IReadOnlyList<string> SweepNames { get; } = NamesUnder(SweepPrefix);

    /// <summary>The text of the built-in experiment <paramref name="name"/>, or null.</summary>
    public static string? Find(string name) => Read(ExperimentPrefix + name + ".json");

    /// <summary>The text of the built-in sweep <paramref name="name"/>, or null.</summary>
    public static string? FindSweep(string name) => Read(SweepPrefix + name + ".json");

    private static string[] NamesUnder(string prefix) =>
    [
        .. typeof(BuiltInExperiments).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    private static string? Read(string resource)
    {
        using var stream = typeof(BuiltInExperiments).Assembly.GetManifestResourceStream(resource);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
