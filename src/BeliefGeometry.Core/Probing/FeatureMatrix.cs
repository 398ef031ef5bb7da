using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BeliefGeometry.Probing;

/// <summary>
/// Probe inputs: <see cref="Rows"/> × <see cref="Columns"/> float32 values (rows = prefixes), row-major, held as
/// one or more column blocks side by side. <see cref="Concatenate"/> joins blocks (e.g. every layer's residual
/// stream) without copying: column j of the concatenation is column j − offset of the block that holds it.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly float[][] _parts;
    private readonly int[] _widths;
    private readonly ulong? _randomSeed; // set for generated random features (no stored values)

    /// <summary>One block: <paramref name="values"/> is rows × <paramref name="columns"/>, row-major.</summary>
    public FeatureMatrix(string name, float[] values, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (values.Length % columns != 0)
            throw new ArgumentException($"feature block '{name}': {values.Length} values is not a multiple of {columns} columns", nameof(values));
        Name = name;
        _parts = [values];
        _widths = [columns];
        Columns = columns;
        Rows = values.Length / columns;
    }

    private FeatureMatrix(string name, float[][] parts, int[] widths, int rows)
    {
        Name = name;
        _parts = parts;
        _widths = widths;
        Columns = widths.Sum();
        Rows = rows;
    }

    private FeatureMatrix(string name, int rows, int columns, ulong seed)
    {
        Name = name;
        _parts = [];
        _widths = [];
        Rows = rows;
        Columns = columns;
        _randomSeed = seed;
    }

    /// <summary>
    /// Random features, fixed per row: x_ij uniform on [−√3, √3) (unit variance), rounded to float32, a function of
    /// (seed, i, j) alone (SplitMix64 of a counter), so nothing is stored and every pass reads the same values.
    /// </summary>
    public static FeatureMatrix Random(string name, int rows, int columns, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        return new FeatureMatrix(name, rows, columns, seed);
    }

    public string Name { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>True for <see cref="Random"/> features, which have no stored blocks (<see cref="PartCount"/> is 0).</summary>
    internal bool IsGenerated => _randomSeed is not null;

    /// <summary>The blocks side by side (no copy); all must have the same number of rows.</summary>
    public static FeatureMatrix Concatenate(string name, IReadOnlyList<FeatureMatrix> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(blocks));
        if (blocks.Any(b => b.IsGenerated)) throw new ArgumentException("random features are not concatenated", nameof(blocks));
        int rows = blocks[0].Rows;
        var parts = new List<float[]>();
        var widths = new List<int>();
        foreach (var block in blocks)
        {
            if (block.Rows != rows)
                throw new ArgumentException($"feature block '{block.Name}' has {block.Rows} rows, '{blocks[0].Name}' has {rows}", nameof(blocks));
            parts.AddRange(block._parts);
            widths.AddRange(block._widths);
        }
        return new FeatureMatrix(name, parts.ToArray(), widths.ToArray(), rows);
    }

    /// <summary>Writes row <paramref name="row"/> as float64 into <paramref name="destination"/> (Columns long).</summary>
    public void CopyRow(int row, Span<double> destination)
    {
        if (_randomSeed is { } seed)
        {
            for (int j = 0; j < Columns; j++) destination[j] = RandomValue(seed, row, j);
            return;
        }
        int offset = 0;
        for (int b = 0; b < _parts.Length; b++)
        {
            int w = _widths[b];
            var source = _parts[b].AsSpan(row * w, w);
            var target = destination.Slice(offset, w);
            int j = 0;
            if (Avx512F.IsSupported)
                for (; j + 8 <= w; j += 8)
                    Avx512F.ConvertToVector512Double(Vector256.Create(source.Slice(j, 8))).CopyTo(target.Slice(j, 8));
            for (; j < w; j++) target[j] = source[j];
            offset += w;
        }
    }

    /// <summary>The column blocks the matrix is held as (for the Gram kernel's packing).</summary>
    internal int PartCount => _parts.Length;

    /// <summary>Row <paramref name="row"/> of block <paramref name="part"/> (its columns start at the sum of the earlier blocks' widths).</summary>
    internal ReadOnlySpan<float> PartRow(int part, int row) => _parts[part].AsSpan(row * _widths[part], _widths[part]);

    /// <summary>Asks the cache for row <paramref name="row"/> of every block ahead of its use (a hint; it cannot fault).</summary>
    internal unsafe void Prefetch(int row)
    {
        if (!Sse.IsSupported) return;
        for (int b = 0; b < _parts.Length; b++)
        {
            int w = _widths[b];
            ref float start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_parts[b]), (nint)row * w);
            for (int offset = 0; offset < w; offset += 16) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref start, offset)));
        }
    }

    /// <summary>Entry (row, column) of random features with this seed: uniform on [−√3, √3), as float32.</summary>
    private float RandomValue(ulong seed, int row, int column)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * ((ulong)row * (ulong)Columns + (ulong)column + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double u = (z >> 40) * (1.0 / (1UL << 24)); // 24 bits: exact in float32
        return (float)((2 * u - 1) * Math.Sqrt(3));
    }

    /// <summary>A dense copy of the whole matrix (rows × Columns), for tests and small inputs.</summary>
    public float[] ToArray()
    {
        var result = new float[Rows * Columns];
        var row = new double[Columns];
        for (int i = 0; i < Rows; i++)
        {
            CopyRow(i, row);
            for (int j = 0; j < Columns; j++) result[i * Columns + j] = (float)row[j];
        }
        return result;
    }
}
