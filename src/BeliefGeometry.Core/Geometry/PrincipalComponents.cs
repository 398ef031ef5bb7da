using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry;

/// <summary>
/// Weighted principal component analysis of points in ℝᵈ (rows of a row-major matrix): the eigendecomposition of
/// the weighted covariance C = Σᵢ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / Σᵢ wᵢ with μ = Σᵢ wᵢ xᵢ / Σᵢ wᵢ, in float64.
/// Components are sorted by decreasing variance; each is a unit vector whose largest-magnitude entry is
/// positive, so the result is deterministic.
/// </summary>
public sealed class PrincipalComponents
{
    private readonly double[] _mean;
    private readonly double[] _components; // Dimension × Dimension, row k = component k
    private readonly double[] _variances;

    private PrincipalComponents(double[] mean, double[] components, double[] variances)
    {
        _mean = mean;
        _components = components;
        _variances = variances;
        double total = variances.Sum();
        ExplainedVarianceRatio = variances.Select(v => total > 0 ? v / total : 0).ToArray();
        var cumulative = new double[variances.Length];
        double running = 0;
        for (int k = 0; k < cumulative.Length; k++) cumulative[k] = running += ExplainedVarianceRatio[k];
        CumulativeExplainedVariance = cumulative;
    }

    /// <summary>d, the width of a point.</summary>
    public int Dimension => _mean.Length;

    /// <summary>The weighted mean μ.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Eigenvalues of the weighted covariance (variance along each component), decreasing, clamped at 0.</summary>
    public ReadOnlySpan<double> Variances => _variances;

    /// <summary>Variance of each component over the total variance (all 0 when the points coincide).</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Running sum of <see cref="ExplainedVarianceRatio"/>: the share captured by the first k + 1 components.</summary>
    public IReadOnlyList<double> CumulativeExplainedVariance { get; }

    /// <summary>Component <paramref name="k"/> (0 = largest variance), a unit vector of length <see cref="Dimension"/>.</summary>
    public ReadOnlySpan<double> Component(int k) => _components.AsSpan(k * Dimension, Dimension);

    /// <summary>Fits to <paramref name="points"/> (count × <paramref name="dimension"/>, row-major); unit weights when <paramref name="weights"/> is empty.</summary>
    public static PrincipalComponents Fit(ReadOnlySpan<double> points, int dimension, ReadOnlySpan<double> weights = default) =>
        FromCovariance(WeightedCovariance.Compute(points, dimension, weights));

    /// <summary>Fits to float32 points (activations); the arithmetic is float64.</summary>
    public static PrincipalComponents Fit(ReadOnlySpan<float> points, int dimension, ReadOnlySpan<double> weights = default) =>
        FromCovariance(WeightedCovariance.Compute(points, dimension, weights));

    /// <summary>
    /// Coordinates of <paramref name="points"/> on the first <paramref name="components"/> components,
    /// (xᵢ − μ)·vₖ, as count × components row-major.
    /// </summary>
    public double[] Project(ReadOnlySpan<double> points, int components)
    {
        int d = Dimension;
        if (components < 1 || components > d)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"must be between 1 and {d}");
        if (points.Length % d != 0)
            throw new ArgumentException($"length {points.Length} is not a multiple of the dimension {d}", nameof(points));
        int count = points.Length / d;
        var result = new double[count * components];
        var centered = new double[d];
        for (int i = 0; i < count; i++)
        {
            var row = points.Slice(i * d, d);
            for (int j = 0; j < d; j++) centered[j] = row[j] - _mean[j];
            for (int k = 0; k < components; k++)
            {
                var v = Component(k);
                double s = 0;
                for (int j = 0; j < d; j++) s += centered[j] * v[j];
                result[i * components + k] = s;
            }
        }
        return result;
    }

    /// <summary>
    /// The components of a covariance already computed, e.g. one pooled within groups
    /// (<see cref="WeightedCovariance"/>): <see cref="Mean"/> is its mean.
    /// </summary>
    public static PrincipalComponents FromCovariance(WeightedCovariance covariance)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        int d = covariance.Dimension;
        var matrix = Matrix<double>.Build.Dense(d, d, (j, k) => covariance.Matrix[j * d + k]);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(k => evd.EigenValues[k].Real).ThenBy(k => k).ToArray();
        var components = new double[d * d];
        var variances = new double[d];
        for (int r = 0; r < d; r++)
        {
            int k = order[r];
            variances[r] = Math.Max(0, evd.EigenValues[k].Real);
            var vector = evd.EigenVectors.Column(k);
            int largest = 0;
            for (int j = 1; j < d; j++)
                if (Math.Abs(vector[j]) > Math.Abs(vector[largest]) + 1e-12) largest = j;
            double sign = vector[largest] < 0 ? -1 : 1;
            double norm = vector.L2Norm();
            for (int j = 0; j < d; j++) components[r * d + j] = sign * vector[j] / norm;
        }
        return new PrincipalComponents(covariance.Mean, components, variances);
    }
}
