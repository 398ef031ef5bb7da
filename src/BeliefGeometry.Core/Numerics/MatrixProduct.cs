using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BeliefGeometry.Numerics;

/// <summary>
/// C += α·A·B for dense row-major float64 matrices given as spans with leading dimensions (BLAS's dgemm, no
/// transposes), single-threaded. With AVX-512 a GEMM micro-kernel: B is copied into panels 32 columns wide (zero
/// padded), and each 4 × 32 tile of C is accumulated in 16 registers over the inner dimension (four broadcasts of
/// A, four loads of B and sixteen fused multiply-adds per step). Otherwise one row axpy at a time.
/// </summary>
public static class MatrixProduct
{
    private const int Lanes = 8, Width = 4 * Lanes, Rows = 4;

    /// <summary>
    /// C[i, j] += α Σ_t A[i, t] B[t, j] for i &lt; m, j &lt; n, t &lt; k, where X[i, j] is x[i·ldx + j].
    /// </summary>
    public static void MultiplyAdd(ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc,
        int m, int k, int n, double alpha = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (m == 0 || n == 0 || k == 0) return;
        Check(a.Length, lda, m, k, nameof(a));
        Check(b.Length, ldb, k, n, nameof(b));
        Check(c.Length, ldc, m, n, nameof(c));
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                for (int t = 0; t < k; t++)
                    if (a[i * lda + t] is var s && s != 0) TensorPrimitives.MultiplyAdd(b.Slice(t * ldb, n), alpha * s, row, row);
            }
            return;
        }
        int panels = (n + Width - 1) / Width;
        var packed = ArrayPool<double>.Shared.Rent(panels * k * Width);
        try
        {
            Array.Clear(packed, 0, panels * k * Width);
            for (int panel = 0; panel < panels; panel++)
            {
                int j0 = panel * Width, width = Math.Min(Width, n - j0);
                for (int t = 0; t < k; t++) b.Slice(t * ldb + j0, width).CopyTo(packed.AsSpan((panel * k + t) * Width, width));
            }
            Span<double> tile = stackalloc double[Rows * Width];
            for (int panel = 0; panel < panels; panel++)
            {
                int j0 = panel * Width, width = Math.Min(Width, n - j0);
                var bPanel = packed.AsSpan(panel * k * Width, k * Width);
                for (int i = 0; i < m; i += Rows)
                {
                    int rows = Math.Min(Rows, m - i);
                    Tile(a[(i * lda)..], lda, rows, bPanel, k, tile);
                    for (int r = 0; r < rows; r++)
                    {
                        var target = c.Slice((i + r) * ldc + j0, width);
                        if (width == Width) AddScaled(tile.Slice(r * Width, Width), alpha, target);
                        else TensorPrimitives.MultiplyAdd(tile.Slice(r * Width, width), alpha, target, target);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
        }
    }

    /// <summary>tile[r, 0…32) = Σ_t A[r, t] · panel[t, 0…32) for r &lt; rows (rows of A past <paramref name="rows"/> read as row 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(ReadOnlySpan<double> a, int lda, int rows, ReadOnlySpan<double> panel, int k, Span<double> tile)
    {
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double a1 = ref Unsafe.Add(ref a0, rows > 1 ? lda : 0);
        ref double a2 = ref Unsafe.Add(ref a0, rows > 2 ? 2 * lda : 0);
        ref double a3 = ref Unsafe.Add(ref a0, rows > 3 ? 3 * lda : 0);
        ref double b = ref MemoryMarshal.GetReference(panel);
        Vector512<double> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        nuint offset = 0;
        for (int t = 0; t < k; t++, offset += Width)
        {
            var v0 = Vector512.LoadUnsafe(ref b, offset);
            var v1 = Vector512.LoadUnsafe(ref b, offset + Lanes);
            var v2 = Vector512.LoadUnsafe(ref b, offset + 2 * Lanes);
            var v3 = Vector512.LoadUnsafe(ref b, offset + 3 * Lanes);
            var s = Vector512.Create(Unsafe.Add(ref a0, t));
            c00 = Vector512.FusedMultiplyAdd(s, v0, c00); c01 = Vector512.FusedMultiplyAdd(s, v1, c01);
            c02 = Vector512.FusedMultiplyAdd(s, v2, c02); c03 = Vector512.FusedMultiplyAdd(s, v3, c03);
            s = Vector512.Create(Unsafe.Add(ref a1, t));
            c10 = Vector512.FusedMultiplyAdd(s, v0, c10); c11 = Vector512.FusedMultiplyAdd(s, v1, c11);
            c12 = Vector512.FusedMultiplyAdd(s, v2, c12); c13 = Vector512.FusedMultiplyAdd(s, v3, c13);
            s = Vector512.Create(Unsafe.Add(ref a2, t));
            c20 = Vector512.FusedMultiplyAdd(s, v0, c20); c21 = Vector512.FusedMultiplyAdd(s, v1, c21);
            c22 = Vector512.FusedMultiplyAdd(s, v2, c22); c23 = Vector512.FusedMultiplyAdd(s, v3, c23);
            s = Vector512.Create(Unsafe.Add(ref a3, t));
            c30 = Vector512.FusedMultiplyAdd(s, v0, c30); c31 = Vector512.FusedMultiplyAdd(s, v1, c31);
            c32 = Vector512.FusedMultiplyAdd(s, v2, c32); c33 = Vector512.FusedMultiplyAdd(s, v3, c33);
        }
        ref double o = ref MemoryMarshal.GetReference(tile);
        c00.StoreUnsafe(ref o, 0); c01.StoreUnsafe(ref o, 8); c02.StoreUnsafe(ref o, 16); c03.StoreUnsafe(ref o, 24);
        c10.StoreUnsafe(ref o, 32); c11.StoreUnsafe(ref o, 40); c12.StoreUnsafe(ref o, 48); c13.StoreUnsafe(ref o, 56);
        c20.StoreUnsafe(ref o, 64); c21.StoreUnsafe(ref o, 72); c22.StoreUnsafe(ref o, 80); c23.StoreUnsafe(ref o, 88);
        c30.StoreUnsafe(ref o, 96); c31.StoreUnsafe(ref o, 104); c32.StoreUnsafe(ref o, 112); c33.StoreUnsafe(ref o, 120);
    }

    /// <summary>target[0…32) += α·tile[0…32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(ReadOnlySpan<double> tile, double alpha, Span<double> target)
    {
        ref double t = ref MemoryMarshal.GetReference(tile);
        ref double o = ref MemoryMarshal.GetReference(target);
        var s = Vector512.Create(alpha);
        for (nuint l = 0; l < Width; l += Lanes)
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref t, l), s, Vector512.LoadUnsafe(ref o, l)).StoreUnsafe(ref o, l);
    }

    private static void Check(int length, int ld, int rows, int columns, string name)
    {
        if (ld < columns || (long)(rows - 1) * ld + columns > length)
            throw new ArgumentException($"a {rows}×{columns} matrix with leading dimension {ld} needs {(long)(rows - 1) * ld + columns} values, {name} has {length}", name);
    }
}
