using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BeliefGeometry.Probing;

/// <summary>
/// The Gram kernel for 512-bit vectors (AVX-512), written like a GEMM micro-kernel: a block of rows is packed as
/// √w·[x | 1 | y] into panels of 8 columns (row-major within a panel), and each 8×24 tile of the upper triangle of
/// G = Σ_r a_r a_rᵀ is accumulated in 24 registers as Σ_r a_r[i…i+8] ⊗ a_r[j…j+24] (one broadcast, three loads and
/// three fused multiply-adds per row and i), with no horizontal sums. The packed block (128 rows) stays in L2.
/// </summary>
internal static class GramPanelKernel
{
    private const int Block = 96; // rows per packed block
    private const int Width = 8;   // columns per panel = doubles per Vector512
    private const int Ahead = 8;   // rows prefetched ahead of the packing

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>Columns of the accumulator: q rounded up to whole panels, plus two zero panels so every tile is three panels wide.</summary>
    public static int Stride(int q) => ((q + Width - 1) / Width + 2) * Width;

    /// <summary>Adds Σ over rows[start…end) of w·a aᵀ to the upper triangle of <paramref name="gram"/> (Stride(q)², zeroed by the caller).</summary>
    public static void Accumulate(FeatureMatrix x, ITargetRows y, double[] weights, int[] rows, int start, int end, double[] gram)
    {
        int d = y.Columns, stride = Stride(x.Columns + 1 + d);
        var packed = ArrayPool<double>.Shared.Rent(stride * Block);
        var row = ArrayPool<double>.Shared.Rent(d);
        try
        {
            Array.Clear(packed, 0, stride * Block); // padding columns and the two spare panels stay 0
            for (int b = start; b < end; b += Block)
            {
                int count = Math.Min(Block, end - b);
                for (int r = 0; r < count; r++)
                {
                    if (b + r + Ahead < end)
                    {
                        x.Prefetch(rows[b + r + Ahead]);
                        y.Prefetch(rows[b + r + Ahead]);
                    }
                    PackRow(x, y, weights, rows[b + r], packed, r, row);
                }
                Multiply(packed, count, gram, x.Columns + 1 + d);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
            ArrayPool<double>.Shared.Return(row);
        }
    }

    /// <summary>
    /// The Grams of disjoint sets of rows in one sweep over all rows in increasing order (a forward stream for the
    /// hardware prefetchers, where each set's rows alone would skip about): row i goes to the packed block of set
    /// <paramref name="setOf"/>[i] (−1: none), and a full block is multiplied into that set's Gram. Only the sets in
    /// <paramref name="owned"/> are accumulated (one thread's share), into <paramref name="grams"/>[set] (Stride(q)², zeroed).
    /// </summary>
    public static void AccumulateSets(FeatureMatrix x, ITargetRows y, double[] weights, int[] setOf, IReadOnlyList<int> owned, double[][] grams)
    {
        int d = y.Columns, q = x.Columns + 1 + d, stride = Stride(q);
        var slot = new int[grams.Length];
        Array.Fill(slot, -1);
        for (int k = 0; k < owned.Count; k++) slot[owned[k]] = k;
        var packed = new double[owned.Count][];
        var counts = new int[owned.Count];
        var row = ArrayPool<double>.Shared.Rent(d);
        try
        {
            for (int k = 0; k < owned.Count; k++)
            {
                packed[k] = ArrayPool<double>.Shared.Rent(stride * Block);
                Array.Clear(packed[k], 0, stride * Block);
            }
            for (int i = 0; i < setOf.Length; i++)
            {
                int set = setOf[i];
                if (set < 0 || slot[set] is var k && k < 0) continue;
                PackRow(x, y, weights, i, packed[k], counts[k], row);
                if (++counts[k] < Block) continue;
                Multiply(packed[k], Block, grams[set], q);
                counts[k] = 0;
            }
            for (int k = 0; k < owned.Count; k++)
                if (counts[k] > 0) Multiply(packed[k], counts[k], grams[owned[k]], q);
        }
        finally
        {
            foreach (var buffer in packed) if (buffer is not null) ArrayPool<double>.Shared.Return(buffer);
            ArrayPool<double>.Shared.Return(row);
        }
    }

    /// <summary>Row <paramref name="i"/> as √w·[x | 1 | y] into row <paramref name="r"/> of the packed block.</summary>
    private static void PackRow(FeatureMatrix x, ITargetRows y, double[] weights, int i, double[] packed, int r, double[] row)
    {
        int p = x.Columns, d = y.Columns;
        double w = weights[i];
        if (w < 0) throw new ArgumentException($"weight of row {i} is negative ({w})", nameof(weights));
        double s = Math.Sqrt(w);
        PackFeatures(x, i, s, packed, r);
        packed[Offset(p, r)] = s;
        y.CopyRow(i, row.AsSpan(0, d));
        for (int c = 0; c < d; c++) packed[Offset(p + 1 + c, r)] = s * row[c];
    }

    /// <summary>The upper triangle of G += Σ over the first <paramref name="count"/> rows of the packed block, tile by tile.</summary>
    private static void Multiply(double[] packed, int count, double[] gram, int q)
    {
        int panels = (q + Width - 1) / Width, stride = Stride(q);
        for (int i = 0; i < panels; i++)
            for (int j = i; j < panels; j += 3)
                Tile(packed, i, j, count, gram, stride);
    }

    /// <summary>
    /// Writes √w·x of row <paramref name="row"/> into row <paramref name="r"/> of the packed block: 8 float32 columns at
    /// a time (one panel's lanes are contiguous) where a block of the features starts on a panel edge, else one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackFeatures(FeatureMatrix x, int row, double s, double[] packed, int r)
    {
        if (x.IsGenerated)
        {
            Span<double> values = x.Columns <= 1024 ? stackalloc double[x.Columns] : new double[x.Columns];
            x.CopyRow(row, values);
            for (int c = 0; c < values.Length; c++) packed[Offset(c, r)] = s * values[c];
            return;
        }
        var scale = Vector512.Create(s);
        int column = 0;
        for (int part = 0; part < x.PartCount; part++)
        {
            var source = x.PartRow(part, row);
            int j = 0;
            if (column % Width == 0 && Avx512F.IsSupported)
                for (; j + Width <= source.Length; j += Width)
                    (Avx512F.ConvertToVector512Double(Vector256.Create(source.Slice(j, Width))) * scale).StoreUnsafe(ref packed[Offset(column + j, r)]);
            for (; j < source.Length; j++) packed[Offset(column + j, r)] = s * source[j];
            column += source.Length;
        }
    }

    /// <summary>Index of (column c, row r) in the packed block: panel c/8, row r, lane c mod 8.</summary>
    private static int Offset(int c, int r) => (c / Width) * Block * Width + r * Width + c % Width;

    /// <summary>gram[8i…8i+8, 8j…8j+24] += Σ_r packed[r, panel i]ᵀ ⊗ packed[r, panels j, j+1, j+2].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(double[] packed, int i, int j, int count, double[] gram, int stride)
    {
        ref double z = ref MemoryMarshal.GetArrayDataReference(packed);
        ref double a = ref Unsafe.Add(ref z, (nint)i * Block * Width);
        ref double b0 = ref Unsafe.Add(ref z, (nint)j * Block * Width);
        ref double b1 = ref Unsafe.Add(ref b0, Block * Width);
        ref double b2 = ref Unsafe.Add(ref b1, Block * Width);
        Vector512<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<double> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<double> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        for (nuint r = 0; r < (nuint)count * Width; r += Width)
        {
            var v0 = Vector512.LoadUnsafe(ref b0, r);
            var v1 = Vector512.LoadUnsafe(ref b1, r);
            var v2 = Vector512.LoadUnsafe(ref b2, r);
            var s = Vector512.Create(Unsafe.Add(ref a, r));
            c00 = Vector512.FusedMultiplyAdd(s, v0, c00); c01 = Vector512.FusedMultiplyAdd(s, v1, c01); c02 = Vector512.FusedMultiplyAdd(s, v2, c02);
            s = Vector512.Create(Unsafe.Add(ref a, r + 1));
            c10 = Vector512.FusedMultiplyAdd(s, v0, c10); c11 = Vector512.FusedMultiplyAdd(s, v1, c11); c12 = Vector512.FusedMultiplyAdd(s, v2, c12);
            s = Vector512.Create(Unsafe.Add(ref a, r + 2));
            c20 = Vector512.FusedMultiplyAdd(s, v0, c20); c21 = Vector512.FusedMultiplyAdd(s, v1, c21); c22 = Vector512.FusedMultiplyAdd(s, v2, c22);
            s = Vector512.Create(Unsafe.Add(ref a, r + 3));
            c30 = Vector512.FusedMultiplyAdd(s, v0, c30); c31 = Vector512.FusedMultiplyAdd(s, v1, c31); c32 = Vector512.FusedMultiplyAdd(s, v2, c32);
            s = Vector512.Create(Unsafe.Add(ref a, r + 4));
            c40 = Vector512.FusedMultiplyAdd(s, v0, c40); c41 = Vector512.FusedMultiplyAdd(s, v1, c41); c42 = Vector512.FusedMultiplyAdd(s, v2, c42);
            s = Vector512.Create(Unsafe.Add(ref a, r + 5));
            c50 = Vector512.FusedMultiplyAdd(s, v0, c50); c51 = Vector512.FusedMultiplyAdd(s, v1, c51); c52 = Vector512.FusedMultiplyAdd(s, v2, c52);
            s = Vector512.Create(Unsafe.Add(ref a, r + 6));
            c60 = Vector512.FusedMultiplyAdd(s, v0, c60); c61 = Vector512.FusedMultiplyAdd(s, v1, c61); c62 = Vector512.FusedMultiplyAdd(s, v2, c62);
            s = Vector512.Create(Unsafe.Add(ref a, r + 7));
            c70 = Vector512.FusedMultiplyAdd(s, v0, c70); c71 = Vector512.FusedMultiplyAdd(s, v1, c71); c72 = Vector512.FusedMultiplyAdd(s, v2, c72);
        }
        ref double g = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gram), (nint)i * Width * stride + j * Width);
        Store(ref g, c00, c01, c02);
        Store(ref Unsafe.Add(ref g, stride), c10, c11, c12);
        Store(ref Unsafe.Add(ref g, 2 * stride), c20, c21, c22);
        Store(ref Unsafe.Add(ref g, 3 * stride), c30, c31, c32);
        Store(ref Unsafe.Add(ref g, 4 * stride), c40, c41, c42);
        Store(ref Unsafe.Add(ref g, 5 * stride), c50, c51, c52);
        Store(ref Unsafe.Add(ref g, 6 * stride), c60, c61, c62);
        Store(ref Unsafe.Add(ref g, 7 * stride), c70, c71, c72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double g, Vector512<double> a, Vector512<double> b, Vector512<double> c)
    {
        (Vector512.LoadUnsafe(ref g) + a).StoreUnsafe(ref g);
        (Vector512.LoadUnsafe(ref g, Width) + b).StoreUnsafe(ref g, Width);
        (Vector512.LoadUnsafe(ref g, 2 * Width) + c).StoreUnsafe(ref g, 2 * Width);
    }
}
