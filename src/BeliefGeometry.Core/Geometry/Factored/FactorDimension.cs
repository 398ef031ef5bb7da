namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// One factor of a product: its <see cref="States"/> n_k (its simplex has n_k − 1 dimensions) and the dimension of its
/// beliefs over the prefixes, the fewest principal directions holding the variance fraction (<see cref="BeliefDimension"/>,
/// the d_k − 1 of the factor's subspace; 0 when its belief does not vary), from the cumulative <see cref="ExplainedVariance"/>.
/// </summary>
public sealed record FactorDimension(int Factor, string Process, int States, int BeliefDimension, IReadOnlyList<double> ExplainedVariance);
