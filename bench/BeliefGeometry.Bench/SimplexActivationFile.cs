using System.Numerics.Tensors;
using BeliefGeometry.Data;
using BeliefGeometry.Export;

namespace BeliefGeometry.Bench;

/// <summary>
/// Activations whose answer is known, of any size, streamed to a float32 <c>.npy</c> [rows, width]: the streaming
/// counterpart of <c>SyntheticEmbedding.FromSimplices</c>, which holds everything in memory as double. Each row is
/// <list type="bullet">
/// <item>for every factor (a simplex of k vertices), its Dirichlet(1) barycentric coordinates η, centred (η − 1/k) and
/// mapped by a fixed random Gaussian k × (k − 1) map into a (k − 1)-dimensional subspace of its own, scaled so that the
/// factor's expected RMS spread is 1 (analytically: Cov η = (I − 11ᵀ/k)/(k(k + 1)));</item>
/// <item><see cref="Distractors"/> Gaussian directions of unit sd;</item>
/// <item>isotropic Gaussian noise of sd <see cref="Noise"/> on every coordinate.</item>
/// </list>
/// The factors' and distractors' directions are mutually orthonormal random rows of the width. Rows are generated in parts
/// of <see cref="PartRows"/>, each from a xoshiro256** seeded by (seed, part), so the file depends only on the settings,
/// not on the thread count; a part's noise is drawn by a vectorised Box–Muller (float, both values of each pair).
/// Memory: one block of <see cref="BlockRows"/> rows (64 MB at width 1,024) and the directions.
/// </summary>
public sealed class SimplexActivationFile
{
    public const int BlockRows = 16384;
    public const int PartRows = 1024;
    public static readonly int[] DefaultVertexCounts = [3, 3, 3, 4];
    public const int DefaultDistractors = 4;
    public const double DefaultNoise = 0.05;

    /// <summary>Normal draws per vectorised Box–Muller step (half of them cosines, half sines).</summary>
    private const int NoiseChunk = 4096;

    private readonly float[] _directions; // Directions × Width, orthonormal rows: each factor's k − 1, then the distractors
    private readonly double[][] _maps;    // per factor, k × (k − 1), scaled to unit RMS spread
    private readonly int[] _offsets;      // per factor, its first row of _directions

    public SimplexActivationFile(int width, IReadOnlyList<int>? vertexCounts = null, int distractors = DefaultDistractors,
        double noise = DefaultNoise, ulong seed = 1)
    {
        vertexCounts ??= DefaultVertexCounts;
        if (vertexCounts.Any(k => k < 2)) throw new ArgumentException("a simplex has at least 2 vertices", nameof(vertexCounts));
        ArgumentOutOfRangeException.ThrowIfNegative(distractors);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        Width = width;
        VertexCounts = [.. vertexCounts];
        Distractors = distractors;
        Noise = noise;
        Seed = seed;
        Directions = vertexCounts.Sum(k => k - 1) + distractors;
        if (Directions > width) throw new ArgumentException($"{Directions} directions do not fit in width {width}", nameof(width));

        var rng = new Xoshiro256StarStar(seed);
        _directions = OrthonormalRows(Directions, width, ref rng);
        _maps = new double[vertexCounts.Count][];
        _offsets = new int[vertexCounts.Count];
        int offset = 0;
        for (int f = 0; f < vertexCounts.Count; f++)
        {
            int k = vertexCounts[f], q = k - 1;
            var map = new double[k * q];
            for (int t = 0; t < map.Length; t++) map[t] = NextGaussian(ref rng);
            // E‖(η − 1/k)A‖² = tr(Aᵀ C A), C = (I − 11ᵀ/k)/(k(k + 1)).
            double spread = 0;
            for (int b = 0; b < q; b++)
            {
                double squares = 0, sum = 0;
                for (int a = 0; a < k; a++) (squares, sum) = (squares + map[a * q + b] * map[a * q + b], sum + map[a * q + b]);
                spread += (squares - sum * sum / k) / (k * (k + 1.0));
            }
            double scale = 1 / Math.Sqrt(spread);
            for (int t = 0; t < map.Length; t++) map[t] *= scale;
            _maps[f] = map;
            _offsets[f] = offset;
            offset += q;
        }
    }

    public int Width { get; }

    public IReadOnlyList<int> VertexCounts { get; }

    public int Distractors { get; }

    public double Noise { get; }

    public ulong Seed { get; }

    /// <summary>Σ(k − 1) + distractors: the directions that carry structure (the rest is noise).</summary>
    public int Directions { get; }

    /// <summary>Factor <paramref name="factor"/>'s subspace: k − 1 orthonormal rows of <see cref="Width"/>.</summary>
    public ReadOnlySpan<float> FactorSubspace(int factor) =>
        _directions.AsSpan(_offsets[factor] * Width, (VertexCounts[factor] - 1) * Width);

    /// <summary>Bytes of the <c>.npy</c> file of <paramref name="rows"/> rows of <paramref name="width"/>.</summary>
    public static long FileBytes(long rows, int width) => NpyFormat.Header(NpyDType.Float32, [rows, width]).Length + rows * width * sizeof(float);

    /// <summary>
    /// Writes <paramref name="rows"/> rows to <paramref name="path"/> (through <see cref="NpyWriter"/>: <c>path.tmp</c>, renamed
    /// when complete), then flushes it to disk so that no write-back runs while it is read. Refuses when the file system
    /// would be left with less than 1 GiB free.
    /// </summary>
    public void Write(string path, long rows, int threads = 2, Action<double>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        long bytes = FileBytes(rows, Width), free = new DriveInfo(directory).AvailableFreeSpace;
        const long Margin = 1L << 30;
        if (free - bytes < Margin)
            throw new IOException($"{rows:N0} × {Width:N0} float32 is {bytes / 1e9:F2} GB and {directory} has {free / 1e9:F2} GB free; " +
                $"at least 1 GiB must stay free. Set TMPDIR (or {GeometryData.DirectoryVariable}) to a directory with room, e.g. /dev/shm (RAM).");

        var block = new float[(long)BlockRows * Width];
        using (var writer = new NpyWriter(full, NpyDType.Float32, [rows, Width]))
        {
            for (long start = 0; start < rows; start += BlockRows)
            {
                int count = (int)Math.Min(BlockRows, rows - start);
                int parts = (count + PartRows - 1) / PartRows;
                long first = start;
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
                {
                    int n = Math.Min(PartRows, count - p * PartRows);
                    Fill(first + (long)p * PartRows, n, block.AsSpan(p * PartRows * Width, n * Width));
                });
                writer.Append<float>(block.AsSpan(0, count * Width));
                progress?.Invoke((double)(start + count) / rows);
            }
            writer.Complete();
        }
        using var flush = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        flush.Flush(flushToDisk: true);
    }

    /// <summary>Rows [<paramref name="firstRow"/>, + <paramref name="count"/>) of the file; <paramref name="firstRow"/> is a multiple of <see cref="PartRows"/> and <paramref name="count"/> at most <see cref="PartRows"/>.</summary>
    public void Fill(long firstRow, int count, Span<float> destination)
    {
        if (firstRow % PartRows != 0 || count > PartRows || destination.Length != count * Width)
            throw new ArgumentException($"rows from a multiple of {PartRows}, at most {PartRows} of them, into {count} × {Width} values");
        var rng = new Xoshiro256StarStar(Seed * 0x9E3779B97F4A7C15UL ^ (ulong)(firstRow / PartRows + 1) * 0xD1B54A32D192ED03UL);
        FillNoise(destination, (float)Noise, ref rng);

        Span<float> coefficients = stackalloc float[Directions];
        Span<double> eta = stackalloc double[VertexCounts.Max()];
        for (int i = 0; i < count; i++)
        {
            for (int f = 0; f < VertexCounts.Count; f++)
            {
                int k = VertexCounts[f], q = k - 1;
                double sum = 0;
                for (int a = 0; a < k; a++) sum += eta[a] = -Math.Log(1 - rng.NextDouble()); // Exp(1) → Dirichlet(1)
                var map = _maps[f];
                for (int b = 0; b < q; b++)
                {
                    double y = 0;
                    for (int a = 0; a < k; a++) y += (eta[a] / sum - 1.0 / k) * map[a * q + b];
                    coefficients[_offsets[f] + b] = (float)y;
                }
            }
            for (int d = Directions - Distractors; d < Directions; d++) coefficients[d] = (float)NextGaussian(ref rng);
            var row = destination.Slice(i * Width, Width);
            for (int d = 0; d < Directions; d++)
                TensorPrimitives.MultiplyAdd(_directions.AsSpan(d * Width, Width), coefficients[d], row, row);
        }
    }

    /// <summary>N(0, sd²) into every value: Box–Muller on 24-bit uniforms, r = sd·√(−2 ln u₁) (u₁ ∈ (0, 1]), θ = 2π u₂, r cos θ and r sin θ.</summary>
    private static void FillNoise(Span<float> destination, float sd, ref Xoshiro256StarStar rng)
    {
        const float Scale = 1f / (1 << 24);
        Span<float> radius = stackalloc float[NoiseChunk / 2], angle = stackalloc float[NoiseChunk / 2];
        Span<float> sin = stackalloc float[NoiseChunk / 2], cos = stackalloc float[NoiseChunk / 2];
        for (int done = 0; done < destination.Length; done += NoiseChunk)
        {
            int n = Math.Min(NoiseChunk, destination.Length - done), pairs = (n + 1) / 2;
            var r = radius[..pairs];
            var theta = angle[..pairs];
            for (int p = 0; p < pairs; p++)
            {
                ulong x = rng.NextUInt64();
                r[p] = ((x >> 40) + 1) * Scale;              // (0, 1]
                theta[p] = (uint)(x & 0xFFFFFF) * (2 * MathF.PI * Scale); // [0, 2π)
            }
            TensorPrimitives.Log(r, r);
            TensorPrimitives.Multiply(r, -2 * sd * sd, r);
            TensorPrimitives.Sqrt(r, r);
            TensorPrimitives.Sin(theta, sin[..pairs]); // Sin and Cos are vectorised, SinCos and SinCosPi are not (5–6× slower)
            TensorPrimitives.Cos(theta, cos[..pairs]);
            var target = destination.Slice(done, n);
            TensorPrimitives.Multiply(r[..(n / 2)], cos[..(n / 2)], target[..(n / 2)]);
            TensorPrimitives.Multiply(r[..(n - n / 2)], sin[..(n - n / 2)], target[(n / 2)..]);
        }
    }

    private static double NextGaussian(ref Xoshiro256StarStar rng)
    {
        double u = 1 - rng.NextDouble(), v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary><paramref name="count"/> orthonormal random rows of length <paramref name="dimension"/> (Gram–Schmidt in double on Gaussian draws).</summary>
    private static float[] OrthonormalRows(int count, int dimension, ref Xoshiro256StarStar rng)
    {
        var q = new double[count * dimension];
        for (int r = 0; r < count; r++)
        {
            var row = q.AsSpan(r * dimension, dimension);
            while (true)
            {
                for (int j = 0; j < dimension; j++) row[j] = NextGaussian(ref rng);
                for (int pass = 0; pass < 2; pass++) // twice: classical Gram–Schmidt loses orthogonality once
                    for (int p = 0; p < r; p++)
                    {
                        var previous = q.AsSpan(p * dimension, dimension);
                        TensorPrimitives.MultiplyAdd(previous, -TensorPrimitives.Dot<double>(row, previous), row, row);
                    }
                double norm = TensorPrimitives.Norm<double>(row);
                if (norm < 1e-8) continue;
                TensorPrimitives.Divide(row, norm, row);
                break;
            }
        }
        return [.. q.Select(v => (float)v)];
    }
}
