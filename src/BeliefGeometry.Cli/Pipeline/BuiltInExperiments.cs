using System.Reflection;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>The experiment files of <c>experiments/</c>, built into the program so <c>belief experiment mess3</c> works from any directory.</summary>
public static class BuiltInExperiments
{
    private const string Prefix = "experiments/";

    /// <summary>The names (<c>mess3</c>, <c>rrxor</c>, …) in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. typeof(BuiltInExperiments).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The text of the built-in experiment <paramref name="name"/>, or null.</summary>
    public static string? Find(string name)
    {
        using var stream = typeof(BuiltInExperiments).Assembly.GetManifestResourceStream($"{Prefix}{name}.json");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
