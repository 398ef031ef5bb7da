namespace BeliefGeometry.Reports.Figures;

/// <summary>Cumulative explained-variance ratio of the PCA of raw activations at one hook point (entry k: first k + 1 components).</summary>
public sealed record VarianceCurve(string Hook, IReadOnlyList<double> Cumulative);
