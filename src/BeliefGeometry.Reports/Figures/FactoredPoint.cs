namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// One feature set in the factored figure: the largest overlap between factor subspaces at each k of
/// <see cref="FactoredCurves.Ks"/> by the probe estimate and the frozen one (NaN where not estimated), the same for the
/// untrained model, and for random subspaces of the same sizes; and the activations' dimension at 95% of the variance,
/// trained and untrained.
/// </summary>
public sealed record FactoredPoint(string Features, IReadOnlyList<double> Probe, IReadOnlyList<double> Frozen, IReadOnlyList<double> UntrainedProbe,
    IReadOnlyList<double> UntrainedFrozen, IReadOnlyList<double> Random, int Dimension, int UntrainedDimension);
