namespace BeliefGeometry.Probing;

/// <summary>
/// The feature sets an experiment file names (<c>probe.feature_sets</c>: set name → hook points), compared by value so
/// that an experiment read back from its config.json equals the one written.
/// </summary>
public sealed class NamedFeatureSets(IReadOnlyList<NamedFeatureSet> sets) : IEquatable<NamedFeatureSets>
{
    public static NamedFeatureSets None { get; } = new([]);

    public IReadOnlyList<NamedFeatureSet> Sets { get; } = sets;

    /// <summary>Every hook point some set names, each once, in order of appearance.</summary>
    public IReadOnlyList<string> Hooks => [.. Sets.SelectMany(s => s.Of).Distinct()];

    public bool Equals(NamedFeatureSets? other) =>
        other is not null && Sets.Count == other.Sets.Count &&
        Sets.Zip(other.Sets).All(p => p.First.Name == p.Second.Name && p.First.Of.SequenceEqual(p.Second.Of));

    public override bool Equals(object? obj) => Equals(obj as NamedFeatureSets);

    public override int GetHashCode() => Sets.Aggregate(Sets.Count, (h, s) => HashCode.Combine(h, s.Name, s.Of.Count));
}
