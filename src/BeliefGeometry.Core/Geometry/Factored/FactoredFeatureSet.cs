namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// The factored geometry at one feature set of a model (a hook point, or the concatenation of the layers): each factor's
/// belief probe's held-out R² (<see cref="FactorR2"/>, null where not probed), the same of the architecture at
/// initialisation (<see cref="UntrainedFactorR2"/>), and the geometry of the trained and of the untrained activations.
/// </summary>
public sealed record FactoredFeatureSet(string Features, int FeatureCount, bool Concatenation, IReadOnlyList<double?> FactorR2,
    IReadOnlyList<double?> UntrainedFactorR2, FactoredGeometryResult Trained, FactoredGeometryResult Untrained);
