namespace BeliefGeometry.Probing;

/// <summary>
/// A named set of probe features. When <see cref="Within"/> is set, these features are its columns
/// [<see cref="ColumnOffset"/>, <see cref="ColumnOffset"/> + width), and their statistics are a sub-block of its
/// statistics (no pass over the data of their own). <see cref="Blocks"/> names the blocks that lie side by side
/// in the features (the set itself for a block or a baseline). A <see cref="FeatureSetKind.RandomNull"/> set stands for
/// the model's sets of its width, whose kind <see cref="StandsFor"/> gives (so it is fitted by the same estimator).
/// </summary>
public sealed record FeatureSet(FeatureMatrix Features, FeatureSetKind Kind)
{
    public string Name => Features.Name;
    public int Width => Features.Columns;
    /// <summary>Not the model's activations: a baseline or a random-feature null.</summary>
    public bool Baseline => Kind is FeatureSetKind.Baseline or FeatureSetKind.RandomNull;

    public bool RandomNull => Kind == FeatureSetKind.RandomNull;

    /// <summary>The kind of the model's feature set a random null stands for; the set's own kind otherwise.</summary>
    public FeatureSetKind StandsFor { get; init; } = Kind;

    public FeatureSet? Within { get; init; }
    public int ColumnOffset { get; init; }
    public IReadOnlyList<string> Blocks { get; init; } = [Features.Name];
}
