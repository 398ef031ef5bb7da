using BeliefGeometry.Arrays;
using BeliefGeometry.Export;
using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Tests.Geometry.Simplices;

/// <summary>
/// <see cref="StreamedPca"/> (two passes over a memory-mapped .npy, blocks of <see cref="StreamedPca.BlockRows"/>) against
/// <see cref="PrincipalCoordinates.FromRows"/> (the in-memory weighted PCA) on the same float32 rows, and its input errors.
/// </summary>
public sealed class StreamedPcaTests : IDisposable
{
    private const int Width = 8;
    private readonly string _dir = Directory.CreateTempSubdirectory("streamed-pca-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Rows x = μ + z·diag(s)·R for a fixed rotation R: Gaussian coordinates of sds 3, 2.5, …, 0.2 (distinct variances,
    /// so every component is defined up to sign), a mean far from 0 and one column that is nearly constant.
    /// </summary>
    private static float[] StructuredRows(int rows, int seed)
    {
        var random = new Random(seed);
        double[] sds = [3, 2.5, 2, 1.5, 1, 0.7, 0.4, 0.2];
        double[] mean = [5, -3, 100, 0, 0.5, -20, 7, 1];
        var rotation = RandomRotation(random, Width);
        var x = new float[rows * Width];
        var z = new double[Width];
        for (int i = 0; i < rows; i++)
        {
            for (int c = 0; c < Width; c++) z[c] = sds[c] * Normal(random);
            for (int j = 0; j < Width; j++)
            {
                double s = mean[j];
                for (int c = 0; c < Width; c++) s += z[c] * rotation[c * Width + j];
                x[i * Width + j] = (float)s;
            }
        }
        return x;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Gram–Schmidt on Gaussian rows.</summary>
    private static double[] RandomRotation(Random random, int n)
    {
        var q = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < n; j++) q[r * n + j] = Normal(random);
            for (int p = 0; p < r; p++)
            {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += q[r * n + j] * q[p * n + j];
                for (int j = 0; j < n; j++) q[r * n + j] -= dot * q[p * n + j];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(j => q[r * n + j] * q[r * n + j]));
            for (int j = 0; j < n; j++) q[r * n + j] /= norm;
        }
        return q;
    }

    private string WriteNpy(string name, float[] rows)
    {
        string path = Path.Combine(_dir, name);
        Npy.Write<float>(path, rows, rows.Length / Width, Width);
        return path;
    }

    [Theory]
    [InlineData(20_000, false, 4)] // two blocks (16,384 + 3,616), unit weights
    [InlineData(20_000, true, 4)]  // two blocks, weights from 0 to ~3
    [InlineData(1_000, true, 8)]   // one partial block, every component
    [InlineData(2 * StreamedPca.BlockRows, true, 3)] // exactly two full blocks
    public void StreamedEqualsInMemory(int rows, bool weighted, int components)
    {
        var x = StructuredRows(rows, rows + components);
        double[]? weights = null;
        if (weighted)
        {
            var random = new Random(rows);
            // Non-uniform, some exactly 0, and correlated with the data (heavier rows where column 0 is large).
            weights = Enumerable.Range(0, rows).Select(i => i % 17 == 0 ? 0 : random.NextDouble() * (1 + Math.Tanh(x[i * Width]))).ToArray();
        }
        string path = WriteNpy($"rows{rows}.npy", x);
        PrincipalCoordinates streamed;
        using (var source = ArraySource.Open(path))
            streamed = StreamedPca.Compute(source, weights, components);
        var memory = PrincipalCoordinates.FromRows(x, Width, weights, components);

        Assert.Equal(rows, streamed.Rows);
        Assert.Equal(components, streamed.Components);
        Assert.Equal(Width, streamed.Variances.Length);
        for (int c = 0; c < Width; c++)
            Assert.True(Math.Abs(streamed.Variances[c] - memory.Variances[c]) <= 1e-6 * memory.Variances[c],
                $"variance {c}: streamed {streamed.Variances[c]}, in memory {memory.Variances[c]}");
        for (int j = 0; j < Width; j++)
            Assert.True(Math.Abs(streamed.Mean[j] - memory.Mean[j]) <= 1e-6 * Math.Max(1, Math.Abs(memory.Mean[j])),
                $"mean {j}: streamed {streamed.Mean[j]}, in memory {memory.Mean[j]}");
        Assert.Equal(weights ?? Enumerable.Repeat(1.0, rows).ToArray(), streamed.Weights);
        for (int c = 0; c < components; c++)
        {
            // The same component up to sign, and the same scores with that sign.
            double dot = 0;
            for (int j = 0; j < Width; j++) dot += streamed.Basis[c * Width + j] * memory.Basis[c * Width + j];
            Assert.True(Math.Abs(Math.Abs(dot) - 1) <= 1e-9, $"component {c}: |cos| = {Math.Abs(dot)}");
            double sign = Math.Sign(dot);
            double worst = 0;
            for (int i = 0; i < rows; i++) worst = Math.Max(worst, Math.Abs(streamed.Score(i, c) - sign * memory.Score(i, c)));
            Assert.True(worst <= 1e-5, $"component {c}: scores differ by up to {worst}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(17_000)] // in the second block
    public void ARowHoldingNaNIsNamed(int row)
    {
        var x = StructuredRows(20_000, 3);
        x[row * Width + 2] = float.NaN;
        string path = WriteNpy("nan.npy", x);
        using var source = ArraySource.Open(path);
        var e = Assert.Throws<InputException>(() => StreamedPca.Compute(source, null, 3));
        Assert.Contains($"row {row:N0} ", e.Message);
        Assert.Contains("nan.npy", e.Message);
    }

    [Fact]
    public void AnInfiniteValueIsNamed()
    {
        var x = StructuredRows(100, 4);
        x[42 * Width + 7] = float.NegativeInfinity;
        using var source = ArraySource.Open(WriteNpy("inf.npy", x));
        var e = Assert.Throws<InputException>(() => StreamedPca.Compute(source, null, 3));
        Assert.Contains("row 42 ", e.Message);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(101)]
    [InlineData(0)]
    public void WeightsOfTheWrongLengthAreRefused(int count)
    {
        using var source = ArraySource.Open(WriteNpy("rows.npy", StructuredRows(100, 5)));
        var e = Assert.Throws<InputException>(() => StreamedPca.Compute(source, new double[count], 3));
        Assert.Contains($"{count:N0} weights", e.Message);
        Assert.Contains("100 rows", e.Message);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AWeightThatIsNotFiniteAndNonNegativeIsRefused(double bad)
    {
        using var source = ArraySource.Open(WriteNpy("rows.npy", StructuredRows(100, 6)));
        var weights = Enumerable.Repeat(1.0, 100).ToArray();
        weights[37] = bad;
        var e = Assert.Throws<InputException>(() => StreamedPca.Compute(source, weights, 3));
        Assert.Contains("weight 37", e.Message);
    }

    [Fact]
    public void WeightsSummingToZeroAreRefused()
    {
        using var source = ArraySource.Open(WriteNpy("rows.npy", StructuredRows(100, 7)));
        Assert.Throws<InputException>(() => StreamedPca.Compute(source, new double[100], 3));
    }
}
