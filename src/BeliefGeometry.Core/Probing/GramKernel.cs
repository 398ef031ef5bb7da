using System.Numerics.Tensors;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BeliefGeometry.Probing;

/// <summary>
/// The weighted Gram kernel G = AᵀWA of the augmented rows A = [x | 1 | y] (x float32 features, y float64
/// targets, W = diag(w)), summed over a set of rows. With AVX-512, <see cref="GramPanelKernel"/>; otherwise rows are
/// packed √w·a into a column-major block of 256 rows and multiplied in 4×4 register tiles with Vector256 fused
/// multiply-adds. Either way only the upper triangle is computed, the rows are split between threads,
/// each with its own accumulator, and the partial Grams summed in a fixed order (so the result does not depend
/// on scheduling). Everything is accumulated in float64.
/// </summary>
internal static class GramKernel
{
    private const int Block = 256; // rows per packed block; a multiple of 4

    /// <summary>Returns the full symmetric q×q Gram, q = p + 1 + d, row-major.</summary>
    public static double[] Compute(FeatureMatrix x, ITargetRows y, double[] weights, int[] rows, int threads = 2)
    {
        int p = x.Columns, d = y.Columns, q = p + 1 + d;
        bool panels = GramPanelKernel.IsSupported;
        int stride = panels ? GramPanelKernel.Stride(q) : (q + 3) & ~3;
        threads = Math.Clamp(threads, 1, Math.Max(1, rows.Length / Block));
        var partial = new double[threads][];
        int chunk = (rows.Length + threads - 1) / threads;
        void Part(int t)
        {
            int start = t * chunk, end = Math.Min(rows.Length, start + chunk);
            if (!panels)
            {
                partial[t] = Accumulate(x, y, weights, rows, start, end, stride);
                return;
            }
            partial[t] = ArrayPool<double>.Shared.Rent(stride * stride);
            Array.Clear(partial[t], 0, stride * stride);
            GramPanelKernel.Accumulate(x, y, weights, rows, start, end, partial[t]);
        }
        if (threads == 1) Part(0);
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, Part);
        var gram = new double[q * q];
        for (int t = 0; t < threads; t++)
        {
            for (int i = 0; i < q; i++)
            {
                var target = gram.AsSpan(i * q + i, q - i);
                TensorPrimitives.Add(target, partial[t].AsSpan(i * stride + i, q - i), target);
            }
            if (panels) ArrayPool<double>.Shared.Return(partial[t]);
        }
        MirrorUpper(gram, q, q);
        return gram;
    }

    /// <summary>
    /// The Grams of disjoint sets of rows (each set's rows in increasing order), each Stride × Stride with the
    /// statistics in its top-left q × q corner (<see cref="GramPanelKernel.Stride"/>; q without AVX-512). With AVX-512 one
    /// sweep over the rows per thread (<see cref="GramPanelKernel.AccumulateSets"/>), the sets dealt to the threads
    /// largest first so that their row counts balance; each set's Gram is summed by one thread in row order.
    /// </summary>
    public static (double[][] Grams, int Stride) ComputeSets(FeatureMatrix x, ITargetRows y, double[] weights, IReadOnlyList<int[]> sets, int threads = 2)
    {
        int q = x.Columns + 1 + y.Columns;
        if (!GramPanelKernel.IsSupported)
            return ([.. sets.Select(rows => Compute(x, y, weights, rows, threads))], q);
        int stride = GramPanelKernel.Stride(q);
        var setOf = new int[x.Rows];
        Array.Fill(setOf, -1);
        for (int k = 0; k < sets.Count; k++)
            foreach (int r in sets[k])
            {
                if (setOf[r] >= 0) throw new ArgumentException($"row {r} is in two sets of rows", nameof(sets));
                setOf[r] = k;
            }
        threads = Math.Clamp(threads, 1, Math.Max(1, sets.Count));
        var owned = new List<int>[threads];
        var load = new long[threads];
        for (int t = 0; t < threads; t++) owned[t] = [];
        foreach (int k in Enumerable.Range(0, sets.Count).OrderByDescending(k => sets[k].Length).ThenBy(k => k))
        {
            int t = Array.IndexOf(load, load.Min());
            owned[t].Add(k);
            load[t] += sets[k].Length;
        }
        var grams = new double[sets.Count][];
        for (int k = 0; k < sets.Count; k++) grams[k] = new double[stride * stride];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            GramPanelKernel.AccumulateSets(x, y, weights, setOf, owned[t], grams);
            foreach (int k in owned[t]) MirrorUpper(grams[k], q, stride);
        });
        return (grams, stride);
    }

    /// <summary>G[i, j] = G[j, i] for j &lt; i &lt; q (the kernels fill the upper triangle), in 32 × 32 blocks for the cache.</summary>
    private static void MirrorUpper(double[] gram, int q, int stride)
    {
        const int B = 32;
        for (int i0 = 0; i0 < q; i0 += B)
            for (int j0 = 0; j0 <= i0; j0 += B)
                for (int i = i0; i < Math.Min(q, i0 + B); i++)
                    for (int j = j0; j < Math.Min(i, j0 + B); j++) gram[i * stride + j] = gram[j * stride + i];
    }

    private static double[] Accumulate(FeatureMatrix x, ITargetRows y, double[] weights, int[] rows, int start, int end, int qp)
    {
        int p = x.Columns, d = y.Columns;
        var gram = new double[qp * qp];
        var packed = new double[qp * Block];
        var row = new double[p];
        var target = new double[d];
        for (int b = start; b < end; b += Block)
        {
            int count = Math.Min(Block, end - b);
            if (count < Block) Array.Clear(packed);
            for (int r = 0; r < count; r++)
            {
                int i = rows[b + r];
                double w = weights[i];
                if (w < 0) throw new ArgumentException($"weight of row {i} is negative ({w})", nameof(weights));
                double s = Math.Sqrt(w);
                x.CopyRow(i, row);
                for (int c = 0; c < p; c++) packed[c * Block + r] = s * row[c];
                packed[p * Block + r] = s;
                y.CopyRow(i, target);
                for (int c = 0; c < d; c++) packed[(p + 1 + c) * Block + r] = s * target[c];
            }
            Tiles(packed, qp, gram);
        }
        return gram;
    }

    /// <summary>gram[i, j] += Σ_r packed[i, r]·packed[j, r] for 4×4 tiles with i ≤ j (upper triangle).</summary>
    private static void Tiles(double[] packed, int qp, double[] gram)
    {
        ref double z = ref MemoryMarshal.GetArrayDataReference(packed);
        const nuint b = Block;
        for (int i = 0; i < qp; i += 4)
        {
            nuint a0 = (nuint)i * b, a1 = a0 + b, a2 = a1 + b, a3 = a2 + b;
            for (int j = i; j < qp; j += 4)
            {
                nuint b0 = (nuint)j * b, b1 = b0 + b, b2 = b1 + b, b3 = b2 + b;
                Vector256<double> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector256<double> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector256<double> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector256<double> c30 = default, c31 = default, c32 = default, c33 = default;
                for (nuint r = 0; r < b; r += 4)
                {
                    var x0 = Vector256.LoadUnsafe(ref z, a0 + r);
                    var x1 = Vector256.LoadUnsafe(ref z, a1 + r);
                    var x2 = Vector256.LoadUnsafe(ref z, a2 + r);
                    var x3 = Vector256.LoadUnsafe(ref z, a3 + r);
                    var v = Vector256.LoadUnsafe(ref z, b0 + r);
                    c00 = Vector256.FusedMultiplyAdd(x0, v, c00); c10 = Vector256.FusedMultiplyAdd(x1, v, c10);
                    c20 = Vector256.FusedMultiplyAdd(x2, v, c20); c30 = Vector256.FusedMultiplyAdd(x3, v, c30);
                    v = Vector256.LoadUnsafe(ref z, b1 + r);
                    c01 = Vector256.FusedMultiplyAdd(x0, v, c01); c11 = Vector256.FusedMultiplyAdd(x1, v, c11);
                    c21 = Vector256.FusedMultiplyAdd(x2, v, c21); c31 = Vector256.FusedMultiplyAdd(x3, v, c31);
                    v = Vector256.LoadUnsafe(ref z, b2 + r);
                    c02 = Vector256.FusedMultiplyAdd(x0, v, c02); c12 = Vector256.FusedMultiplyAdd(x1, v, c12);
                    c22 = Vector256.FusedMultiplyAdd(x2, v, c22); c32 = Vector256.FusedMultiplyAdd(x3, v, c32);
                    v = Vector256.LoadUnsafe(ref z, b3 + r);
                    c03 = Vector256.FusedMultiplyAdd(x0, v, c03); c13 = Vector256.FusedMultiplyAdd(x1, v, c13);
                    c23 = Vector256.FusedMultiplyAdd(x2, v, c23); c33 = Vector256.FusedMultiplyAdd(x3, v, c33);
                }
                int g0 = i * qp + j, g1 = g0 + qp, g2 = g1 + qp, g3 = g2 + qp;
                gram[g0] += Vector256.Sum(c00); gram[g0 + 1] += Vector256.Sum(c01); gram[g0 + 2] += Vector256.Sum(c02); gram[g0 + 3] += Vector256.Sum(c03);
                gram[g1] += Vector256.Sum(c10); gram[g1 + 1] += Vector256.Sum(c11); gram[g1 + 2] += Vector256.Sum(c12); gram[g1 + 3] += Vector256.Sum(c13);
                gram[g2] += Vector256.Sum(c20); gram[g2 + 1] += Vector256.Sum(c21); gram[g2 + 2] += Vector256.Sum(c22); gram[g2 + 3] += Vector256.Sum(c23);
                gram[g3] += Vector256.Sum(c30); gram[g3 + 1] += Vector256.Sum(c31); gram[g3 + 2] += Vector256.Sum(c32); gram[g3 + 3] += Vector256.Sum(c33);
            }
        }
    }
}
