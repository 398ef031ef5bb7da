using System.Buffers;
using System.Numerics.Tensors;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Probing;

/// <summary>
/// Several fits of the same features side by side — fit g predicting columns [offset_g, offset_g + d_g) — applied
/// together: Ŷ = 1aᵀ + XB with B the fits' coefficients next to each other (p × D), a chunk of rows at a time as one
/// <see cref="MatrixProduct"/> (the rows converted to float64 first), or for a few outputs (≤ 8) one dot product per output
/// and row. One pass over the features serves every target.
/// </summary>
internal sealed class CombinedPredictor
{
    private const int Narrow = 8; // up to this many outputs, dot products with the columns of B beat a matrix product padded to 32
    private readonly int _p, _width;
    private readonly double[] _b, _a; // p × Width, Width
    private readonly double[]? _bt;   // Bᵀ (Width × p), for narrow fits

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
        _width = d;
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
        if (_width <= Narrow)
        {
            _bt = new double[_width * _p];
            for (int j = 0; j < _p; j++)
                for (int t = 0; t < _width; t++) _bt[t * _p + j] = _b[j * _width + t];
        }
    }

    /// <summary>Where fit g's predictions start in a row of the output.</summary>
    public int[] Offsets { get; }

    /// <summary>Values per output row (Σ d_g).</summary>
    public int Width => _width;

    /// <summary>Predictions of rows[start … start + count) into <paramref name="destination"/> (count × Width), on this thread.</summary>
    public void Predict(FeatureMatrix features, int[] rows, int start, int count, double[] destination)
    {
        if (features.Columns != _p) throw new ArgumentException($"'{features.Name}' has {features.Columns} columns, the fits have {_p}", nameof(features));
        if (count <= 0) return;
        var x = ArrayPool<double>.Shared.Rent(count * _p);
        try
        {
            for (int r = 0; r < count; r++)
            {
                var row = x.AsSpan(r * _p, _p);
                features.CopyRow(rows[start + r], row);
                _a.CopyTo(destination.AsSpan(r * _width, _width));
                if (_bt is not null)
                    for (int t = 0; t < _width; t++) destination[r * _width + t] += TensorPrimitives.Dot<double>(row, _bt.AsSpan(t * _p, _p));
            }
            if (_bt is null) MatrixProduct.MultiplyAdd(x, _p, _b, _width, destination, _width, count, _p, _width);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(x);
        }
    }
}
