using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Theory;

/// <summary>
/// How many dimensions the beliefs occupy: the eigenvalues λ₁ ≥ … ≥ λ_n of their probability-weighted covariance
/// C = Σp ηηᵀ/S_w − η̄η̄ᵀ, pooled over L = 1…depth with each length weighing 1 (as the probes pool prefixes), as the
/// cumulative fraction of variance Σ_{i≤k} λ_i / Σ λ_i, and the fewest dimensions holding 80, 90, 95 and 99% of it.
/// A belief geometry of dimension k is what a linear probe needs k directions of the residual stream for.
/// </summary>
public static class BeliefDimensions
{
    /// <summary>The variance fractions whose dimension is reported.</summary>
    public static IReadOnlyList<double> Fractions { get; } = [0.8, 0.9, 0.95, 0.99];

    /// <summary>Most states whose moments are accumulated (n² numbers a belief); larger processes report none.</summary>
    public const int MaxStates = 64;

    /// <summary>
    /// The cumulative explained variance, k = 1…n, from the summed <paramref name="moments"/>; null when the beliefs do
    /// not vary.
    /// </summary>
    public static double[]? CumulativeExplainedVariance(int states, IEnumerable<(double Weight, double[] Sum, double[] Outer)> moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        double weight = 0;
        var sum = new double[states];
        var outer = new double[states * states];
        foreach (var (w, s, o) in moments)
        {
            weight += w;
            for (int i = 0; i < states; i++) sum[i] += s[i];
            for (int i = 0; i < outer.Length; i++) outer[i] += o[i];
        }
        if (!(weight > 0)) return null;
        var covariance = Matrix<double>.Build.Dense(states, states, (i, j) => outer[i * states + j] / weight - sum[i] * sum[j] / (weight * weight));
        covariance = (covariance + covariance.Transpose()) / 2;
        var eigen = covariance.Evd(Symmetricity.Symmetric).EigenValues.Select(e => Math.Max(e.Real, 0)).OrderDescending().ToArray();
        double total = eigen.Sum();
        if (total <= 1e-24) return null;
        var cumulative = new double[states];
        double running = 0;
        for (int k = 0; k < states; k++) { running += eigen[k]; cumulative[k] = Math.Min(1, running / total); }
        return cumulative;
    }

    /// <summary>The fewest dimensions whose cumulative fraction reaches each of <see cref="Fractions"/>.</summary>
    public static int[] Dimensions(IReadOnlyList<double> cumulative)
    {
        ArgumentNullException.ThrowIfNull(cumulative);
        return [.. Fractions.Select(f => DimensionAt(cumulative, f))];
    }

    /// <summary>The fewest dimensions whose cumulative fraction of variance reaches <paramref name="fraction"/> (all of them when none does).</summary>
    public static int DimensionAt(IReadOnlyList<double> cumulative, double fraction)
    {
        ArgumentNullException.ThrowIfNull(cumulative);
        if (cumulative.Count == 0) throw new ArgumentException("no dimensions", nameof(cumulative));
        // A tolerance of 1e-12 so that variance exactly split over k directions counts k, not k + 1.
        return 1 + Enumerable.Range(0, cumulative.Count).First(k => cumulative[k] >= fraction - 1e-12 || k == cumulative.Count - 1);
    }
}
