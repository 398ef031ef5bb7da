using System.Numerics.Tensors;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// The rows of an activation matrix on its leading principal components, which is all the simplex search reads:
/// <see cref="Scores"/> (rows × <see cref="Components"/>, (x − μ)·v_c), the rows' weights, every component's variance
/// (all <see cref="Width"/> of them, for the noise floor and the variance shares) and the leading components themselves
/// (<see cref="Basis"/>, Components × Width), to map what is found back to activation space.
/// </summary>
public sealed record PrincipalCoordinates(double[] Scores, int Components, double[] Weights, double[] Variances, double[] Basis, double[] Mean)
{
    public int Rows => Scores.Length / Components;

    public int Width => Mean.Length;

    /// <summary>Σ of every component's variance.</summary>
    public double TotalVariance => Variances.Sum();

    /// <summary>From rows in memory (rows × width, row-major): a weighted PCA (unit weights when empty) and the leading <paramref name="components"/> scores.</summary>
    public static PrincipalCoordinates FromRows(float[] rows, int width, double[]? weights, int components)
    {
        var pca = PrincipalComponents.Fit(rows, width, weights);
        int n = rows.Length / width;
        return FromComponents(pca, components, weights ?? Enumerable.Repeat(1.0, n).ToArray(),
            (start, count, destination) =>
            {
                for (int t = 0; t < count * width; t++) destination[t] = rows[(int)start * width + t];
            }, n);
    }

    /// <summary>The leading <paramref name="components"/> of <paramref name="pca"/> and the rows' scores on them, reading rows block by block with <paramref name="read"/>.</summary>
    public static PrincipalCoordinates FromComponents(PrincipalComponents pca, int components, double[] weights, RowReader read, long rows,
        Action<double>? progress = null)
    {
        int width = pca.Dimension, d = Math.Min(components, width);
        var basis = new double[d * width];
        for (int c = 0; c < d; c++) pca.Component(c).CopyTo(basis.AsSpan(c * width, width));
        var scores = new double[checked((int)rows * d)];
        const int Block = 4096;
        var buffer = new double[Block * width];
        var mean = pca.Mean.ToArray();
        for (long start = 0; start < rows; start += Block)
        {
            int count = (int)Math.Min(Block, rows - start);
            read(start, count, buffer.AsSpan(0, count * width));
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                var row = buffer.AsSpan(i * width, width);
                TensorPrimitives.Subtract(row, mean, row);
                for (int c = 0; c < d; c++) scores[(start + i) * d + c] = TensorPrimitives.Dot<double>(row, basis.AsSpan(c * width, width));
            });
            progress?.Invoke((double)(start + count) / rows);
        }
        return new PrincipalCoordinates(scores, d, weights, pca.Variances.ToArray(), basis, mean);
    }

    /// <summary>Score of row <paramref name="row"/> on component <paramref name="component"/>.</summary>
    public double Score(int row, int component) => Scores[row * Components + component];
}

/// <summary>Reads rows [start, start + count) into destination (count × width, row-major).</summary>
public delegate void RowReader(long start, int count, Span<double> destination);
