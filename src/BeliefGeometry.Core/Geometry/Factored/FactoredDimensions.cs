using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Probing;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// What the beliefs of a product need: each factor's belief dimension m_k and the joint belief's, at a fraction of the
/// variance (0.95), as in <see cref="BeliefDimensions"/> — the eigenvalues of the probability-weighted covariance of the
/// beliefs over the prefixes — but pooled within prefix lengths (<see cref="PrefixGroups.ByLength"/>), exactly as the
/// activations are measured. Beside them the counts from the states alone: Σ (n_k − 1), the dimensions of the factors'
/// simplices side by side, and Π n_k − 1, the dimension of the joint simplex.
/// </summary>
public sealed record FactoredDimensions(
    double VarianceFraction,
    IReadOnlyList<FactorDimension> Factors,
    int JointBeliefDimension,
    IReadOnlyList<double> JointExplainedVariance)
{
    /// <summary>Σ_k m_k: the dimension of the factors' beliefs held side by side in orthogonal subspaces.</summary>
    public int SumOfBeliefDimensions => Factors.Sum(f => f.BeliefDimension);

    /// <summary>Σ_k (n_k − 1).</summary>
    public int SumOfStateDimensions => Factors.Sum(f => f.States - 1);

    /// <summary>Π_k n_k − 1.</summary>
    public int ProductStateDimension => Factors.Aggregate(1, (p, f) => p * f.States) - 1;

    /// <summary>The dimensions of the beliefs over <paramref name="prefixes"/> of a product (its factors' beliefs read out of the joint one).</summary>
    public static FactoredDimensions Of(PrefixSet prefixes, double varianceFraction = 0.95)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var factors = prefixes.Process.Factors ?? throw new ArgumentException($"{prefixes.Process.Name} is not a product of factors", nameof(prefixes));
        if (!(varianceFraction > 0 && varianceFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(varianceFraction), varianceFraction, "must be in (0, 1]");
        var lengths = PrefixGroups.ByLength(prefixes);
        IReadOnlyList<double> Cumulative(ReadOnlySpan<double> beliefs, int width) =>
            PrincipalComponents.FromCovariance(WeightedCovariance.Compute(beliefs, width, prefixes.Probabilities, lengths)).CumulativeExplainedVariance;

        var own = new List<FactorDimension>();
        for (int k = 0; k < factors.Count; k++)
        {
            var beliefs = ProbeTargets.Readout(prefixes, BeliefReadout.Factor(factors, k));
            var cumulative = Cumulative(beliefs.Values, beliefs.Columns);
            own.Add(new FactorDimension(k, factors[k].Name, factors[k].StateCount, DimensionAt(cumulative, varianceFraction), cumulative));
        }
        var joint = Cumulative(prefixes.Beliefs, prefixes.StateCount);
        return new FactoredDimensions(varianceFraction, own, DimensionAt(joint, varianceFraction), joint);
    }

    /// <summary>The fewest principal directions holding <paramref name="fraction"/> of the variance; 0 when nothing varies.</summary>
    internal static int DimensionAt(IReadOnlyList<double> cumulative, double fraction) =>
        cumulative[^1] > 0 ? BeliefDimensions.DimensionAt(cumulative, fraction) : 0;
}
