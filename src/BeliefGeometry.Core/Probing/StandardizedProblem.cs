using System.Buffers;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Probing;

/// <summary>
/// The centered, standardised normal equations of a weighted regression with intercept over the rows of one or more
/// pieces of statistics (summed as they are read, no summed copy):
/// z_j = (x_j − x̄_j)/s_j with x̄ = Σw x/S_w and s_j² = Σw (x_j − x̄_j)²/S_w; C_zz = ZᵀWZ/S_w (unit diagonal),
/// C_zy = ZᵀW(Y − ȳ)/S_w. Constant features (s_j² ≤ 1e-12 · Σw x_j²/S_w) are left out and get coefficient 0.
/// Ridge: (C_zz + λI) c = C_zy, b_j = c_j/s_j, a = ȳ − x̄ᵀb; λ = 0 is least squares (scale-invariant).
/// C_zz is rented from the shared pool: dispose the problem when done.
/// </summary>
internal sealed class StandardizedProblem : IDisposable
{
    private readonly int _p, _d;
    private readonly double[] _xMean, _yMean, _scale;
    private readonly int[] _active;
    private double[] _czz; // C_zz (m×m, symmetric, row-major), pooled
    private readonly double[] _czy; // C_zy (m×d, row-major)
    private (double[] Values, double[] Vectors, double[] Projected)? _eigen; // V (m×m) and VᵀC_zy (m×d), row-major

    public StandardizedProblem(SufficientStatistics s) : this([s]) { }

    public StandardizedProblem(IReadOnlyList<SufficientStatistics> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Count == 0) throw new ArgumentException("no statistics", nameof(pieces));
        _p = pieces[0].FeatureCount;
        _d = pieces[0].TargetCount;
        foreach (var piece in pieces)
            if (piece.FeatureCount != _p || piece.TargetCount != _d) throw new ArgumentException("the pieces have different shapes", nameof(pieces));
        double sw = pieces.Sum(s => s.WeightSum);
        if (!(sw > 0)) throw new ArgumentException("the rows have zero total weight", nameof(pieces));
        _xMean = new double[_p];
        _yMean = new double[_d];
        var second = new double[_p];
        foreach (var s in pieces)
        {
            for (int j = 0; j < _p; j++) { _xMean[j] += s.FeatureSum(j); second[j] += s.FeatureCross(j, j); }
            for (int t = 0; t < _d; t++) _yMean[t] += s.TargetSum(t);
        }
        TensorPrimitives.Multiply(_xMean, 1 / sw, _xMean);
        TensorPrimitives.Multiply(_yMean, 1 / sw, _yMean);
        var active = new List<int>();
        var scale = new List<double>();
        for (int j = 0; j < _p; j++)
        {
            double moment = second[j] / sw, variance = moment - _xMean[j] * _xMean[j];
            if (variance > 1e-12 * moment) { active.Add(j); scale.Add(Math.Sqrt(variance)); }
        }
        _active = active.ToArray();
        _scale = scale.ToArray();
        int m = _active.Length;

        // C_zz row a = (Σ_pieces S_row(a)/S_w − x̄_a x̄) / (s_a s), gathered to the active features.
        _czz = ArrayPool<double>.Shared.Rent(Math.Max(1, m * m));
        var row = new double[_p];
        var activeMean = new double[m];
        var inverseScale = new double[m];
        for (int a = 0; a < m; a++) { activeMean[a] = _xMean[_active[a]]; inverseScale[a] = 1 / _scale[a]; }
        for (int a = 0; a < m; a++)
        {
            Array.Clear(row);
            foreach (var s in pieces) TensorPrimitives.Add(row, s.FeatureCrossRow(_active[a]), row);
            var target = _czz.AsSpan(a * m, m);
            if (m == _p) row.CopyTo(target);
            else for (int b = 0; b < m; b++) target[b] = row[_active[b]];
            TensorPrimitives.Multiply(target, 1 / sw, target);
            TensorPrimitives.MultiplyAdd(activeMean, -activeMean[a], target, target);
            TensorPrimitives.Multiply(target, inverseScale, target);
            TensorPrimitives.Multiply(target, inverseScale[a], target);
        }
        _czy = new double[m * _d];
        foreach (var s in pieces)
            for (int a = 0; a < m; a++)
                for (int t = 0; t < _d; t++) _czy[a * _d + t] += s.FeatureTargetCross(_active[a], t);
        for (int a = 0; a < m; a++)
            for (int t = 0; t < _d; t++)
                _czy[a * _d + t] = (_czy[a * _d + t] / sw - activeMean[a] * _yMean[t]) * inverseScale[a];
    }

    public int FeatureCount => _p;
    public int TargetCount => _d;
    public int ActiveCount => _active.Length;

    /// <summary>The fit for λ = <paramref name="penalty"/> as a new <see cref="LinearCoefficients"/>.</summary>
    public LinearCoefficients Solve(double penalty, double relativeCutoff)
    {
        var b = new double[_p * _d];
        var a = new double[_d];
        var (pseudoInverse, rank) = Solve(penalty, relativeCutoff, b, a);
        return new LinearCoefficients(_p, _d, b, a, penalty, pseudoInverse, rank);
    }

    /// <summary>
    /// B (p×d, row-major) into <paramref name="coefficients"/> and a into <paramref name="intercept"/>: Cholesky of
    /// C_zz + λI; when it fails or cond ≥ 1/cutoff (estimated from the factor's diagonal), the pseudo-inverse.
    /// </summary>
    public (bool PseudoInverse, int Rank) Solve(double penalty, double relativeCutoff, Span<double> coefficients, Span<double> intercept)
    {
        ObjectDisposedException.ThrowIf(_czz.Length == 0, this);
        int m = _active.Length;
        if (m == 0)
        {
            Unstandardize([], coefficients, intercept);
            return (false, 0);
        }
        var l = ArrayPool<double>.Shared.Rent(m * m);
        var c = ArrayPool<double>.Shared.Rent(m * _d);
        try
        {
            if (Cholesky.Factor(_czz, m, penalty, l))
            {
                double min = double.MaxValue, max = 0;
                for (int i = 0; i < m; i++) { min = Math.Min(min, l[i * m + i]); max = Math.Max(max, l[i * m + i]); }
                double ratio = max / min;
                if (min > 0 && ratio * ratio < 1 / relativeCutoff)
                {
                    _czy.CopyTo(c, 0);
                    Cholesky.Solve(l, m, c, _d);
                    Unstandardize(c, coefficients, intercept);
                    return (false, m);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(l);
            ArrayPool<double>.Shared.Return(c);
        }
        return SolveEigen(penalty, relativeCutoff, coefficients, intercept, forcePseudoInverse: true);
    }

    /// <summary>
    /// Σw(y_t − ŷ_t)² of the fit for each of <paramref name="penalties"/> over the rows of the <paramref name="held"/>
    /// pieces (held-out rows; a fixed model's SSE adds over pieces): one array of d values per penalty.
    /// </summary>
    public double[][] HeldOutErrors(IReadOnlyList<double> penalties, IReadOnlyList<SufficientStatistics> held)
    {
        var coefficients = ArrayPool<double>.Shared.Rent(_p * _d);
        var intercept = new double[_d];
        try
        {
            var errors = new double[penalties.Count][];
            for (int g = 0; g < penalties.Count; g++)
            {
                errors[g] = new double[_d];
                Solve(penalties[g], WeightedLeastSquares.DefaultRelativeCutoff, coefficients, intercept);
                foreach (var piece in held)
                    LinearCoefficients.SumSquaredErrors(coefficients.AsSpan(0, _p * _d), intercept, piece, 0, errors[g]);
            }
            return errors;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(coefficients);
        }
    }

    /// <summary>c = V diag(1/(e + λ)) Vᵀ C_zy, dropping eigenvalues with e + λ ≤ cutoff · max e.</summary>
    public LinearCoefficients SolveEigen(double penalty, double relativeCutoff)
    {
        var b = new double[_p * _d];
        var a = new double[_d];
        var (pseudoInverse, rank) = SolveEigen(penalty, relativeCutoff, b, a, forcePseudoInverse: false);
        return new LinearCoefficients(_p, _d, b, a, penalty, pseudoInverse, rank);
    }

    private (bool, int) SolveEigen(double penalty, double relativeCutoff, Span<double> coefficients, Span<double> intercept, bool forcePseudoInverse)
    {
        var (values, vectors, projected) = _eigen ??= Decompose();
        int m = values.Length;
        double max = m == 0 ? 0 : values.Max();
        var scaled = new double[m * _d];
        int rank = 0;
        for (int i = 0; i < m; i++)
        {
            double e = values[i] + penalty;
            if (!(e > relativeCutoff * max)) continue;
            rank++;
            TensorPrimitives.Multiply(projected.AsSpan(i * _d, _d), 1 / e, scaled.AsSpan(i * _d, _d));
        }
        var c = new double[m * _d];
        MatrixProduct.MultiplyAdd(vectors, m, scaled, _d, c, _d, m, m, _d);
        Unstandardize(c, coefficients, intercept);
        return (forcePseudoInverse || rank < m, rank);
    }

    private (double[], double[], double[]) Decompose()
    {
        ObjectDisposedException.ThrowIf(_czz.Length == 0, this);
        int m = _active.Length;
        var evd = Matrix<double>.Build.Dense(m, m, _czz.AsSpan(0, m * m).ToArray()).Evd(Symmetricity.Symmetric); // symmetric: column-major = row-major
        var vectors = evd.EigenVectors.ToRowMajorArray();
        var projected = new double[m * _d]; // Vᵀ C_zy: V's column-major array is Vᵀ row-major
        MatrixProduct.MultiplyAdd(evd.EigenVectors.ToColumnMajorArray(), m, _czy, _d, projected, _d, m, m, _d);
        return (evd.EigenValues.Select(z => z.Real).ToArray(), vectors, projected);
    }

    /// <summary>b_j = c_j/s_j (0 for constant features), a = ȳ − x̄ᵀb from the standardised solution c (m×d, row-major).</summary>
    private void Unstandardize(ReadOnlySpan<double> c, Span<double> b, Span<double> intercept)
    {
        b[..(_p * _d)].Clear();
        _yMean.CopyTo(intercept);
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
    }

    public void Dispose()
    {
        if (_czz.Length == 0) return;
        ArrayPool<double>.Shared.Return(_czz);
        _czz = [];
    }
}
