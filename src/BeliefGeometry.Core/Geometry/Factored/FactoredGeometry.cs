using BeliefGeometry.Data;
using BeliefGeometry.Numerics;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// Whether a model holds the factors of a product apart (docs/design.md section 2.7): from activations (one row per
/// prefix of the product's <see cref="PrefixSet"/>, weighted by P(prefix)), each factor's subspace estimated two ways,
/// the overlap of the factors' subspaces, and the dimension the activations occupy. Factor k's subspace has m_k
/// directions, its belief dimension (<see cref="FactoredDimensions"/>); a factor whose belief does not vary has none and
/// is left out.
/// <list type="bullet">
/// <item><b>From the probe.</b> The probe ŷ = a + xW (W: width × n_k) reads the factor's belief. Its columns are readout
/// directions, which lean away from whatever else the activations hold; where the belief is written is the probe's
/// activation pattern A = Σ_xx W (Haufe et al. 2014), the covariance of the activations with the probe's output — for a
/// least-squares probe Σ_xx W = Σ_xη, the activations' covariance with the factor's belief, which for independent factors
/// is the factor's own encoding. A has rank ≤ n_k − 1 with no centring needed: η·τ_k = 1 is a constant target, which a
/// least-squares or ridge fit (linear in the target) gives zero slope, so Wτ_k = 0 and Aτ_k = 0. The subspace is A's m_k
/// leading left singular vectors.</item>
/// <item><b>Other factors frozen.</b> The covariance of the activations pooled within groups of prefixes that share their
/// length and the token sequences of every other factor (<see cref="PrefixGroups.OthersFrozen"/>): within a group only
/// factor k varies. Its m_k leading eigenvectors.</item>
/// <item><b>Overlap</b> of factors i and j at k: <see cref="SubspaceOverlap.Of"/> of the first min(k, m) directions of each,
/// in order of variance (frozen) or singular value (probe), against random subspaces of the same sizes
/// (<see cref="SubspaceOverlap.Random"/>: max(a, b)/d).</item>
/// <item><b>Activation dimension</b>: the fewest principal directions holding the variance fraction of the activations'
/// covariance pooled within prefix lengths (<see cref="PrefixGroups.ByLength"/>), to set beside Σ m_k and Π n_k − 1.</item>
/// </list>
/// </summary>
public static class FactoredGeometry
{
    /// <summary>The k at which overlaps are reported by default: the first direction of each factor, and the first two.</summary>
    public static IReadOnlyList<int> DefaultKs { get; } = [1, 2];

    /// <summary>
    /// Measures <paramref name="activations"/> (prefixes × <paramref name="width"/>, row-major). <paramref name="probes"/>
    /// holds each factor's fitted belief probe on these activations (width × n_k; null entries, or none, leave the probe
    /// estimate out).
    /// </summary>
    public static FactoredGeometryResult Measure(ReadOnlySpan<float> activations, int width, PrefixSet prefixes, FactoredDimensions dimensions,
        IReadOnlyList<LinearCoefficients?>? probes = null, IReadOnlyList<int>? ks = null)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (activations.Length != (long)prefixes.Count * width)
            throw new ArgumentException($"{activations.Length} activations is not {prefixes.Count} prefixes × {width}", nameof(activations));
        var factors = prefixes.Process.Factors ?? throw new ArgumentException($"{prefixes.Process.Name} is not a product of factors", nameof(prefixes));
        if (dimensions.Factors.Count != factors.Count) throw new ArgumentException($"dimensions of {dimensions.Factors.Count} factors for {factors.Count}", nameof(dimensions));
        if (probes is not null && probes.Count != factors.Count) throw new ArgumentException($"{probes.Count} probes for {factors.Count} factors", nameof(probes));
        ks ??= DefaultKs;
        if (ks.Any(k => k < 1)) throw new ArgumentOutOfRangeException(nameof(ks), "every k must be at least 1");
        var weights = prefixes.Probabilities;

        var pooled = PrincipalComponents.FromCovariance(WeightedCovariance.Compute(activations, width, weights, PrefixGroups.ByLength(prefixes)));
        int activationDimension = FactoredDimensions.DimensionAt(pooled.CumulativeExplainedVariance, dimensions.VarianceFraction);
        double[]? covariance = probes is null || probes.All(p => p is null) ? null : WeightedCovariance.Compute(activations, width, weights).Matrix;

        var subspaces = new List<FactorSubspaces>();
        for (int k = 0; k < factors.Count; k++)
        {
            int rank = Math.Min(dimensions.Factors[k].BeliefDimension, width);
            if (rank == 0) continue;
            var within = WeightedCovariance.Compute(activations, width, weights, PrefixGroups.OthersFrozen(prefixes, k));
            var frozen = Subspace.Principal(PrincipalComponents.FromCovariance(within), rank);
            var probe = probes?[k] is { } w ? ProbeSubspace(w, covariance!, width, factors[k].StateCount, rank, k) : null;
            subspaces.Add(new FactorSubspaces(k, probe, frozen, within.Groups, within.Rows,
                probe is null ? null : SubspaceOverlap.Of(probe, frozen), SubspaceOverlap.Random(probe?.Rank ?? rank, rank, width).Mean));
        }

        var overlaps = new List<FactorPairOverlap>();
        for (int i = 0; i < subspaces.Count; i++)
            for (int j = i + 1; j < subspaces.Count; j++)
                foreach (int k in ks)
                {
                    var (first, second) = (subspaces[i], subspaces[j]);
                    var (a, b) = (first.Frozen.Leading(k), second.Frozen.Leading(k));
                    var (pa, pb) = (first.Probe?.Leading(k), second.Probe?.Leading(k));
                    bool probed = pa is not null && pb is not null;
                    overlaps.Add(new FactorPairOverlap(first.Factor, second.Factor, k,
                        probed ? SubspaceOverlap.Of(pa!, pb!) : null, probed ? SubspaceOverlap.Cosines(pa!, pb!) : null,
                        SubspaceOverlap.Of(a, b), SubspaceOverlap.Cosines(a, b), SubspaceOverlap.Random(a.Rank, b.Rank, width)));
                }
        return new FactoredGeometryResult(width, activationDimension, pooled.CumulativeExplainedVariance, subspaces, overlaps);
    }

    /// <summary>The column space of the probe's activation pattern A = Σ_xx W (width × n_k), to <paramref name="rank"/> directions.</summary>
    private static Subspace ProbeSubspace(LinearCoefficients probe, double[] covariance, int width, int states, int rank, int factor)
    {
        if (probe.FeatureCount != width || probe.TargetCount != states)
            throw new ArgumentException($"the probe of factor {factor} maps {probe.FeatureCount} features to {probe.TargetCount} targets, not {width} to {states}", nameof(probe));
        var pattern = new double[width * states];
        MatrixProduct.MultiplyAdd(covariance, width, probe.Coefficients, states, pattern, states, width, width, states);
        return Subspace.ColumnSpace(pattern, width, states, Math.Min(rank, states));
    }
}
