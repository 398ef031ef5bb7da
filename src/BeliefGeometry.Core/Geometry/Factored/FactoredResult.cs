namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// The factored-structure analysis of a run of a product process (docs/design.md section 2.7; factored.json): the
/// beliefs' dimensions, the overlaps' k, every probed <see cref="FeatureSets"/> in forward order (the concatenation last),
/// and the <see cref="Lead"/> set the verdict speaks of. <see cref="Seconds"/> is the analysis's wall time.
/// </summary>
public sealed record FactoredResult(string Process, int Prefixes, FactoredDimensions Dimensions, IReadOnlyList<int> Ks, string Lead,
    IReadOnlyList<FactoredFeatureSet> FeatureSets, double Seconds);
