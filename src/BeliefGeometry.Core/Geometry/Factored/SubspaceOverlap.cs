using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// How much two subspaces of ℝᵈ share. With orthonormal bases A (d × a) and B (d × b), the singular values σ of AᵀB are
/// the cosines of their principal angles, and the overlap is Σσ² / min(a, b) = ‖AᵀB‖²_F / min(a, b) = tr(P_A P_B) / min(a, b):
/// 0 for orthogonal subspaces, 1 when the smaller lies in the larger. For a = b = k it is the mean squared cosine, Σσ²/k.
/// </summary>
public static class SubspaceOverlap
{
    /// <summary>Σσ² / min(a, b).</summary>
    public static double Of(Subspace first, Subspace second)
    {
        var product = Product(first, second);
        double sum = 0;
        foreach (double x in product) sum += x * x;
        return sum / Math.Min(first.Rank, second.Rank);
    }

    /// <summary>σ, the cosines of the principal angles (decreasing, min(a, b) of them).</summary>
    public static double[] Cosines(Subspace first, Subspace second)
    {
        var product = Product(first, second);
        return [.. Matrix<double>.Build.Dense(first.Rank, second.Rank, (i, j) => product[i * second.Rank + j]).Svd(computeVectors: false).S
            .Take(Math.Min(first.Rank, second.Rank)).Select(s => Math.Min(1, s))];
    }

    /// <summary>
    /// The overlap of a random a-dimensional subspace with a random b-dimensional one in ℝᵈ (one of them uniformly
    /// distributed suffices). With p_ii = (P_B)_ii ~ Beta(b/2, (d − b)/2), Σᵢ p_ii = b and A spanned by e₁…e_a:
    /// E[tr(P_A P_B)] = ab/d, and Var[tr(P_A P_B)] = a Var(p_ii) + a(a − 1) Cov(p_ii, p_jj) = 2ab(d − a)(d − b) / (d²(d − 1)(d + 2));
    /// both divided by min(a, b). So the mean is max(a, b)/d: k/d for a = b = k.
    /// </summary>
    public static OverlapReference Random(int a, int b, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(a, d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(b, d);
        double min = Math.Min(a, b);
        double variance = d == 1 ? 0 : 2.0 * a * b * (d - a) * (d - b) / ((double)d * d * (d - 1) * (d + 2));
        return new OverlapReference((double)a * b / d / min, Math.Sqrt(variance) / min);
    }

    /// <summary>AᵀB, a × b row-major.</summary>
    private static double[] Product(Subspace first, Subspace second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
            throw new ArgumentException($"subspaces of ℝ^{first.Dimension} and ℝ^{second.Dimension}", nameof(second));
        var product = new double[first.Rank * second.Rank];
        for (int i = 0; i < first.Rank; i++)
            for (int j = 0; j < second.Rank; j++)
                product[i * second.Rank + j] = System.Numerics.Tensors.TensorPrimitives.Dot(first.Direction(i), second.Direction(j));
        return product;
    }
}
