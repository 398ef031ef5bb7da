using System.Buffers;
using System.Numerics.Tensors;

namespace BeliefGeometry.Numerics;

/// <summary>
/// The Cholesky factorisation A + σI = LLᵀ of a symmetric positive definite matrix and solves with it, for dense
/// row-major float64 matrices (LAPACK's dpotrf / dpotrs). Blocked so that almost all the work is
/// <see cref="MatrixProduct"/>: the factor is right-looking (factor a block column of width 64, then subtract
/// L₂₁L₂₁ᵀ from the trailing lower triangle), the solves go a block of rows at a time.
/// </summary>
public static class Cholesky
{
    private const int Block = 64;

    /// <summary>
    /// The lower factor L of A + <paramref name="shift"/>·I into <paramref name="factor"/> (m×m row-major; the strict
    /// upper triangle is set to 0). Only the lower triangle of <paramref name="a"/> is read. False when a pivot is not
    /// positive (A + σI is not positive definite to working precision); the factor is then incomplete.
    /// </summary>
    public static bool Factor(ReadOnlySpan<double> a, int m, double shift, Span<double> factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (a.Length < m * m || factor.Length < m * m) throw new ArgumentException($"an {m}×{m} matrix needs {m * m} values");
        var l = factor[..(m * m)];
        for (int i = 0; i < m; i++)
        {
            a.Slice(i * m, i + 1).CopyTo(l.Slice(i * m, i + 1));
            l[i * m + i] += shift;
            l.Slice(i * m + i + 1, m - i - 1).Clear();
        }
        var panelT = ArrayPool<double>.Shared.Rent(Block * m); // L₂₁ᵀ of the current block column
        try
        {
            for (int k0 = 0; k0 < m; k0 += Block)
            {
                int b = Math.Min(Block, m - k0), below = m - k0 - b;
                // The diagonal block, left-looking (earlier block columns were already subtracted by the trailing updates).
                for (int j = k0; j < k0 + b; j++)
                {
                    var rowJ = l.Slice(j * m + k0, j - k0);
                    double pivot = l[j * m + j] - TensorPrimitives.Dot<double>(rowJ, rowJ);
                    if (!(pivot > 0) || !double.IsFinite(pivot)) return false;
                    l[j * m + j] = Math.Sqrt(pivot);
                    for (int i = j + 1; i < k0 + b; i++)
                        l[i * m + j] = (l[i * m + j] - TensorPrimitives.Dot<double>(l.Slice(i * m + k0, j - k0), rowJ)) / l[j * m + j];
                }
                if (below == 0) break;
                // The panel below it, L₂₁ = A₂₁ L₁₁⁻ᵀ, solved transposed (one long axpy per column pair):
                // L₂₁ᵀ[j] = (A₂₁ᵀ[j] − Σ_{t<j} L_jt L₂₁ᵀ[t]) / L_jj.
                int start = k0 + b;
                var pt = panelT.AsSpan(0, b * below);
                for (int t = 0; t < b; t++)
                    for (int i = 0; i < below; i++) pt[t * below + i] = l[(start + i) * m + k0 + t];
                for (int j = 0; j < b; j++)
                {
                    var column = pt.Slice(j * below, below);
                    for (int t = 0; t < j; t++) TensorPrimitives.MultiplyAdd(pt.Slice(t * below, below), -l[(k0 + j) * m + k0 + t], column, column);
                    TensorPrimitives.Multiply(column, 1 / l[(k0 + j) * m + k0 + j], column);
                }
                for (int t = 0; t < b; t++)
                    for (int i = 0; i < below; i++) l[(start + i) * m + k0 + t] = pt[t * below + i];
                // Trailing update of the lower triangle: A₂₂ −= L₂₁ L₂₁ᵀ, a strip of rows at a time up to its diagonal.
                for (int i0 = 0; i0 < below; i0 += Block)
                {
                    int rows = Math.Min(Block, below - i0);
                    MatrixProduct.MultiplyAdd(l[((start + i0) * m + k0)..], m, panelT, below, l[((start + i0) * m + start)..], m,
                        rows, b, i0 + rows, -1);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(panelT);
        }
        for (int i = 0; i < m; i++) l.Slice(i * m + i + 1, m - i - 1).Clear(); // the trailing updates wrote above the diagonal
        return true;
    }

    /// <summary>
    /// Solves (LLᵀ) X = B in place for <paramref name="n"/> right-hand sides: <paramref name="b"/> is m×n row-major.
    /// Forward substitution L Y = B, then back substitution Lᵀ X = Y (with Lᵀ copied row-major).
    /// </summary>
    public static void Solve(ReadOnlySpan<double> factor, int m, Span<double> b, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (factor.Length < m * m || b.Length < m * n) throw new ArgumentException($"an {m}×{m} factor and {m}×{n} right-hand sides are needed");
        if (m == 0 || n == 0) return;
        // Forward: Y_i = (B_i − Σ_{k<i} L_ik Y_k) / L_ii.
        for (int i0 = 0; i0 < m; i0 += Block)
        {
            int rows = Math.Min(Block, m - i0);
            MatrixProduct.MultiplyAdd(factor[(i0 * m)..], m, b, n, b[(i0 * n)..], n, rows, i0, n, -1);
            for (int i = i0; i < i0 + rows; i++)
            {
                var yi = b.Slice(i * n, n);
                for (int k = i0; k < i; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * n, n), -factor[i * m + k], yi, yi);
                TensorPrimitives.Multiply(yi, 1 / factor[i * m + i], yi);
            }
        }
        // Back: X_i = (Y_i − Σ_{k>i} L_ki X_k) / L_ii, with U = Lᵀ so that L_ki = U_ik is read along a row.
        var u = ArrayPool<double>.Shared.Rent(m * m);
        for (int i = 0; i < m; i++)
            for (int k = 0; k <= i; k++) u[k * m + i] = factor[i * m + k];
        for (int end = m; end > 0; end -= Block)
        {
            int i0 = Math.Max(0, end - Block), rows = end - i0;
            MatrixProduct.MultiplyAdd(u.AsSpan(i0 * m + end), m, b[(end * n)..], n, b[(i0 * n)..], n, rows, m - end, n, -1);
            for (int i = end - 1; i >= i0; i--)
            {
                var xi = b.Slice(i * n, n);
                for (int k = i + 1; k < end; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * n, n), -u[i * m + k], xi, xi);
                TensorPrimitives.Multiply(xi, 1 / u[i * m + i], xi);
            }
        }
        ArrayPool<double>.Shared.Return(u);
    }
}
