namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// The overlap Σσ² / min(a, b) (<see cref="SubspaceOverlap"/>) of the first <see cref="K"/> directions of two factors'
/// subspaces (all of a subspace's directions when it has fewer), by each estimate, with their principal cosines σ; and
/// <see cref="Random"/>, the overlap of random subspaces of the same sizes in the same space.
/// </summary>
public sealed record FactorPairOverlap(int First, int Second, int K, double? Probe, IReadOnlyList<double>? ProbeCosines, double Frozen,
    IReadOnlyList<double> FrozenCosines, OverlapReference Random);
