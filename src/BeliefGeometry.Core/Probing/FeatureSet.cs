namespace BeliefGeometry.Probing;

/// <summary>
/// A named set of probe features. When <see cref="Within"/> is set, these features are its columns
/// [<see cref="ColumnOffset"/>, <see cref="ColumnOffset"/> + width), and their statistics are a sub-block of its
/// statistics (no pass over the data of their own). <see cref="Blocks"/> names the blocks that lie side by side
/// in the features (the set itself for a block or a baseline).
/// </summary>
public sealed record FeatureSet(FeatureMatrix Features, FeatureSetKind Kind)
{
    public string Name => Features.Name;
    public int Width => Features.Columns;
    public bool Baseline => Kind == FeatureSetKind.Baseline;

    public FeatureSet? Within { get; init; }
    public int ColumnOffset { get; init; }
    public IReadOnlyList<string> Blocks { get; init; } = [Features.Name];
}
