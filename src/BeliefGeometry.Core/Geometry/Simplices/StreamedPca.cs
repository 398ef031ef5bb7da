using BeliefGeometry.Arrays;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Principal coordinates of an activation file too large to hold, in two passes over its rows (memory-mapped, blocks of
/// <see cref="BlockRows"/>): the weighted Gram of [x − x₀ | 1] (x₀ the first row, against cancellation) by the probes'
/// Gram kernel, hence μ and Σ = Σw(x − μ)(x − μ)ᵀ/Σw (sufficient statistics); its eigendecomposition; then every row's
/// scores on the leading components. A row holding NaN or ±∞, or weights that are not finite and non-negative with a
/// positive sum, is one <see cref="InputException"/> naming the file and the row.
/// </summary>
public static class StreamedPca
{
    public const int BlockRows = 16384;

    /// <summary>Reads <paramref name="source"/> twice; <paramref name="progress"/> is told (pass 1 or 2, fraction done) after each block.</summary>
    public static PrincipalCoordinates Compute(ArraySource source, double[]? weights, int components, Action<int, double>? progress = null,
        int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(source);
        long rows = source.Rows;
        int width = source.Width;
        if (rows > int.MaxValue / Math.Max(1, Math.Min(components, width)))
            throw new InputException($"{source.Label} has {rows:N0} rows; at most {int.MaxValue / Math.Max(1, Math.Min(components, width)):N0} are searched");
        var w = weights ?? Enumerable.Repeat(1.0, (int)rows).ToArray();
        CheckWeights(w, rows, source.Label);

        var origin = new float[width];
        source.ReadRows(0, 1, origin);
        CheckFinite(origin, width, 0, source.Label);
        int q = width + 2;
        var gram = new double[q * q];
        var block = new float[BlockRows * width];
        var blockWeights = new double[BlockRows];
        var zero = new TargetMatrix("none", new double[BlockRows], 1);
        for (long start = 0; start < rows; start += BlockRows)
        {
            int count = (int)Math.Min(BlockRows, rows - start);
            var span = block.AsSpan(0, count * width);
            source.ReadRows(start, count, span);
            CheckFinite(span, width, start, source.Label);
            for (int i = 0; i < count; i++)
            {
                var row = span.Slice(i * width, width);
                for (int j = 0; j < width; j++) row[j] -= origin[j];
                blockWeights[i] = w[start + i];
            }
            var features = new FeatureMatrix("rows", count == BlockRows ? block : block[..(count * width)], width);
            var partial = GramKernel.Compute(features, zero, blockWeights, [.. Enumerable.Range(0, count)], threads);
            for (int t = 0; t < gram.Length; t++) gram[t] += partial[t];
            progress?.Invoke(1, (double)(start + count) / rows);
        }

        // Σw = G[w, w], s = G[x, w] (centred on x₀): μ = x₀ + s/Σw, Σ = (G[x, x] − s sᵀ/Σw)/Σw.
        double total = gram[width * q + width];
        var mean = new double[width];
        var covariance = new double[width * width];
        for (int a = 0; a < width; a++) mean[a] = gram[a * q + width] / total;
        for (int a = 0; a < width; a++)
            for (int b = 0; b < width; b++)
                covariance[a * width + b] = gram[a * q + b] / total - mean[a] * mean[b];
        for (int a = 0; a < width; a++) mean[a] += origin[a];
        var pca = PrincipalComponents.FromCovariance(new WeightedCovariance(mean, covariance, 1, (int)rows));

        return PrincipalCoordinates.FromComponents(pca, components, w,
            (start, count, destination) => source.ReadRows(start, count, destination), rows,
            f => progress?.Invoke(2, f));
    }

    private static void CheckWeights(double[] weights, long rows, string label)
    {
        if (weights.Length != rows)
            throw new InputException($"{weights.Length:N0} weights for the {rows:N0} rows of {label}");
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
                throw new InputException($"weight {i:N0} is {weights[i]}; weights must be finite and non-negative");
            sum += weights[i];
        }
        if (!(sum > 0)) throw new InputException("the weights sum to 0");
    }

    private static void CheckFinite(ReadOnlySpan<float> values, int width, long start, string label)
    {
        for (int t = 0; t < values.Length; t++)
            if (!float.IsFinite(values[t]))
                throw new InputException($"row {start + t / width:N0} of {label} holds {values[t]} at column {t % width}; every value must be finite");
    }
}
