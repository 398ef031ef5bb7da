using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BeliefGeometry.Probing;

/// <summary>
/// Several fits of the same features side by side — fit g predicting columns [offset_g, offset_g + d_g) — applied
/// together: ŷ = a + xB with B the fits' coefficients next to each other (p × D, padded with zero columns to a
/// multiple of 32), one row of x at a time, 32 outputs in four vector accumulators over the features (a broadcast of
/// x_j and four multiply-adds with row j of B). One pass over the features serves every target.
/// </summary>
internal sealed class CombinedPredictor
{
    private const int Lanes = 8, Chunk = 4 * Lanes;
    private readonly int _p, _width;
    private readonly double[] _b, _a; // p × Width, Width

    public CombinedPredictor(IReadOnlyList<LinearCoefficients> fits)
    {
        _p = fits[0].FeatureCount;
        Offsets = new int[fits.Count];
        int d = 0;
        for (int g = 0; g < fits.Count; g++)
        {
            if (fits[g].FeatureCount != _p) throw new ArgumentException("the fits have different features", nameof(fits));
            Offsets[g] = d;
            d += fits[g].TargetCount;
        }
        _width = (d + Chunk - 1) / Chunk * Chunk;
        _b = new double[_p * _width];
        _a = new double[_width];
        for (int g = 0; g < fits.Count; g++)
        {
            var fit = fits[g];
            for (int t = 0; t < fit.TargetCount; t++)
            {
                _a[Offsets[g] + t] = fit.Intercept[t];
                for (int j = 0; j < _p; j++) _b[j * _width + Offsets[g] + t] = fit.Coefficients[j * fit.TargetCount + t];
            }
        }
    }

    /// <summary>Where fit g's predictions start in a row of the output.</summary>
    public int[] Offsets { get; }

    /// <summary>Values per output row (Σ d_g rounded up to a multiple of 32).</summary>
    public int Width => _width;

    /// <summary>Predictions of rows[start … start + count) into <paramref name="destination"/> (count × Width), on up to two threads.</summary>
    public void Predict(FeatureMatrix features, int[] rows, int start, int count, double[] destination)
    {
        if (features.Columns != _p) throw new ArgumentException($"'{features.Name}' has {features.Columns} columns, the fits have {_p}", nameof(features));
        int threads = count * (long)_p * _width > 1_000_000 ? 2 : 1, chunk = (count + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            var x = new double[_p];
            for (int r = k * chunk; r < Math.Min(count, (k + 1) * chunk); r++)
            {
                features.CopyRow(rows[start + r], x);
                for (int c = 0; c < _width; c += Chunk) Row(x, c, destination.AsSpan(r * _width + c, Chunk));
            }
        });
    }

    /// <summary>y[0…32) = a[c…c+32) + Σ_j x_j B[j, c…c+32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row(double[] x, int c, Span<double> y)
    {
        ref double b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_b), c);
        ref double a = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_a), c);
        var y0 = Vector512.LoadUnsafe(ref a);
        var y1 = Vector512.LoadUnsafe(ref a, Lanes);
        var y2 = Vector512.LoadUnsafe(ref a, 2 * Lanes);
        var y3 = Vector512.LoadUnsafe(ref a, 3 * Lanes);
        nuint stride = (nuint)_width, offset = 0;
        for (int j = 0; j < x.Length; j++, offset += stride)
        {
            var s = Vector512.Create(x[j]);
            y0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref b, offset), y0);
            y1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref b, offset + Lanes), y1);
            y2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref b, offset + 2 * Lanes), y2);
            y3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref b, offset + 3 * Lanes), y3);
        }
        y0.CopyTo(y);
        y1.CopyTo(y[Lanes..]);
        y2.CopyTo(y[(2 * Lanes)..]);
        y3.CopyTo(y[(3 * Lanes)..]);
    }
}
