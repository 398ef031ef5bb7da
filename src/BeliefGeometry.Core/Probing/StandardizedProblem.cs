using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace BeliefGeometry.Probing;

/// <summary>
/// The centered, standardised normal equations of a weighted regression with intercept:
/// z_j = (x_j − x̄_j)/s_j with x̄ = Σw x/S_w and s_j² = Σw (x_j − x̄_j)²/S_w; C_zz = ZᵀWZ/S_w (unit diagonal),
/// C_zy = ZᵀW(Y − ȳ)/S_w. Constant features (s_j² ≤ 1e-12 · Σw x_j²/S_w) are left out and get coefficient 0.
/// Ridge: (C_zz + λI) c = C_zy, b_j = c_j/s_j, a = ȳ − x̄ᵀb; λ = 0 is least squares (scale-invariant).
/// </summary>
internal sealed class StandardizedProblem
{
    private readonly int _p, _d;
    private readonly double[] _xMean, _yMean, _scale;
    private readonly int[] _active;
    private readonly double[] _czz, _czyT; // C_zz (m×m, symmetric), C_zyᵀ (d×m): row t is target t's right-hand side
    private (double[] Values, double[] Vectors, double[] ProjectedT)? _eigen; // V row-major (m×m), (VᵀC_zy)ᵀ (d×m)

    public StandardizedProblem(SufficientStatistics s)
    {
        _p = s.FeatureCount;
        _d = s.TargetCount;
        double sw = s.WeightSum;
        if (!(sw > 0)) throw new ArgumentException("the rows have zero total weight", nameof(s));
        _xMean = new double[_p];
        _yMean = new double[_d];
        for (int j = 0; j < _p; j++) _xMean[j] = s.FeatureSum(j) / sw;
        for (int t = 0; t < _d; t++) _yMean[t] = s.TargetSum(t) / sw;
        var active = new List<int>();
        var scale = new List<double>();
        for (int j = 0; j < _p; j++)
        {
            double second = s.FeatureCross(j, j) / sw, variance = second - _xMean[j] * _xMean[j];
            if (variance > 1e-12 * second) { active.Add(j); scale.Add(Math.Sqrt(variance)); }
        }
        _active = active.ToArray();
        _scale = scale.ToArray();
        int m = _active.Length;
        _czz = new double[m * m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                _czz[a * m + b] = (s.FeatureCross(_active[a], _active[b]) / sw - _xMean[_active[a]] * _xMean[_active[b]]) / (_scale[a] * _scale[b]);
        _czyT = new double[_d * m];
        for (int a = 0; a < m; a++)
            for (int t = 0; t < _d; t++)
                _czyT[t * m + a] = (s.FeatureTargetCross(_active[a], t) / sw - _xMean[_active[a]] * _yMean[t]) / _scale[a];
    }

    public int ActiveCount => _active.Length;

    /// <summary>Cholesky of C_zz + λI; when it fails or cond ≥ 1/cutoff (estimated from the factor's diagonal), the pseudo-inverse.</summary>
    public LinearCoefficients Solve(double penalty, double relativeCutoff)
    {
        int m = _active.Length;
        if (m == 0) return ToCoefficients([], penalty, false, 0);
        if (Cholesky(penalty) is { } l)
        {
            double min = double.MaxValue, max = 0;
            for (int i = 0; i < m; i++) { min = Math.Min(min, l[i * m + i]); max = Math.Max(max, l[i * m + i]); }
            double ratio = max / min;
            if (min > 0 && ratio * ratio < 1 / relativeCutoff)
                return ToCoefficients(SolveCholesky(l), penalty, false, m);
        }
        return SolveEigen(penalty, relativeCutoff, forcePseudoInverse: true);
    }

    /// <summary>
    /// The lower factor L (m×m, row-major) of C_zz + λI = LLᵀ, row by row: L_ij = (A_ij − Σ_{k&lt;j} L_ik L_jk)/L_jj,
    /// L_ii = √(A_ii − Σ_{k&lt;i} L_ik²); null when a pivot is not positive (the matrix is not positive definite).
    /// </summary>
    private double[]? Cholesky(double penalty)
    {
        int m = _active.Length;
        var l = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            var row = l.AsSpan(i * m, m);
            for (int j = 0; j < i; j++)
                row[j] = (_czz[i * m + j] - TensorPrimitives.Dot<double>(row[..j], l.AsSpan(j * m, j))) / l[j * m + j];
            double pivot = _czz[i * m + i] + penalty - TensorPrimitives.Dot<double>(row[..i], row[..i]);
            if (!(pivot > 0)) return null;
            row[i] = Math.Sqrt(pivot);
        }
        return l;
    }

    /// <summary>
    /// c = (LLᵀ)⁻¹ C_zy by forward substitution (Ly = C_zy, a dot product with each row of L) and back substitution
    /// (Lᵀc = y, column by column: c_i = y_i/L_ii, then y_{&lt;i} −= c_i L_{i,&lt;i}, again a row of L), m×d row-major.
    /// </summary>
    private double[] SolveCholesky(double[] l)
    {
        int m = _active.Length;
        var c = new double[m * _d];
        var y = new double[m];
        for (int t = 0; t < _d; t++)
        {
            var b = _czyT.AsSpan(t * m, m);
            for (int i = 0; i < m; i++)
                y[i] = (b[i] - TensorPrimitives.Dot<double>(l.AsSpan(i * m, i), y.AsSpan(0, i))) / l[i * m + i];
            for (int i = m - 1; i >= 0; i--)
            {
                double ci = y[i] /= l[i * m + i];
                TensorPrimitives.MultiplyAdd(l.AsSpan(i * m, i), -ci, y.AsSpan(0, i), y.AsSpan(0, i));
            }
            for (int i = 0; i < m; i++) c[i * _d + t] = y[i];
        }
        return c;
    }

    /// <summary>c = V diag(1/(e + λ)) Vᵀ C_zy, dropping eigenvalues with e + λ ≤ cutoff · max e.</summary>
    public LinearCoefficients SolveEigen(double penalty, double relativeCutoff, bool forcePseudoInverse = false)
    {
        var (values, vectors, projectedT) = _eigen ??= Decompose();
        int m = values.Length;
        double max = m == 0 ? 0 : values.Max();
        var inverse = new double[m];
        int rank = 0;
        for (int i = 0; i < m; i++)
        {
            double e = values[i] + penalty;
            inverse[i] = e > relativeCutoff * max ? 1 / e : 0;
            if (inverse[i] != 0) rank++;
        }
        var c = new double[m * _d];
        var scaled = new double[m];
        for (int t = 0; t < _d; t++)
        {
            TensorPrimitives.Multiply(projectedT.AsSpan(t * m, m), inverse, scaled);
            for (int i = 0; i < m; i++) c[i * _d + t] = TensorPrimitives.Dot<double>(vectors.AsSpan(i * m, m), scaled);
        }
        return ToCoefficients(c, penalty, forcePseudoInverse || rank < m, rank);
    }

    private (double[], double[], double[]) Decompose()
    {
        int m = _active.Length;
        var evd = Matrix<double>.Build.Dense(m, m, (double[])_czz.Clone()).Evd(Symmetricity.Symmetric); // symmetric: column-major = row-major
        var projected = evd.EigenVectors.TransposeThisAndMultiply(Matrix<double>.Build.Dense(m, _d, (a, t) => _czyT[t * m + a])); // Vᵀ C_zy, m×d
        return (evd.EigenValues.Select(z => z.Real).ToArray(), evd.EigenVectors.ToRowMajorArray(), projected.ToColumnMajorArray());
    }

    /// <summary>b_j = c_j/s_j, a = ȳ − x̄ᵀb from the standardised solution c (m×d, row-major).</summary>
    private LinearCoefficients ToCoefficients(double[] c, double penalty, bool pseudoInverse, int rank)
    {
        var b = new double[_p * _d];
        var intercept = (double[])_yMean.Clone();
        for (int a = 0; a < _active.Length; a++)
        {
            int j = _active[a];
            for (int t = 0; t < _d; t++)
            {
                double coefficient = c[a * _d + t] / _scale[a];
                b[j * _d + t] = coefficient;
                intercept[t] -= _xMean[j] * coefficient;
            }
        }
        return new LinearCoefficients(_p, _d, b, intercept, penalty, pseudoInverse, rank);
    }
}
