namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// The factored geometry of one set of activations (<see cref="FactoredGeometry.Measure"/>): the fewest principal
/// directions holding the variance fraction (<see cref="ActivationDimension"/>, from the cumulative
/// <see cref="ActivationExplainedVariance"/> of the covariance pooled within prefix lengths), each factor's subspaces
/// and the overlap of every pair of factors at each k.
/// </summary>
public sealed record FactoredGeometryResult(int FeatureCount, int ActivationDimension, IReadOnlyList<double> ActivationExplainedVariance,
    IReadOnlyList<FactorSubspaces> Factors, IReadOnlyList<FactorPairOverlap> Overlaps)
{
    /// <summary>
    /// The pair of factors whose subspaces overlap most at <paramref name="k"/>, by the probe estimate (<paramref name="probe"/>)
    /// or the frozen one; null without pairs, or without probe estimates when those are asked for.
    /// </summary>
    public FactorPairOverlap? MostOverlapping(int k, bool probe)
    {
        var pairs = Overlaps.Where(o => o.K == k).ToList();
        if (pairs.Count == 0 || (probe && pairs.Any(o => o.Probe is null))) return null;
        return pairs.MaxBy(o => probe ? o.Probe!.Value : o.Frozen);
    }
}
