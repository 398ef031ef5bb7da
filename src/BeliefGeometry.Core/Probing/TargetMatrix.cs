using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace BeliefGeometry.Probing;

/// <summary>Probe targets: <see cref="Rows"/> × <see cref="Columns"/> float64 values (rows = prefixes), row-major.</summary>
public sealed class TargetMatrix : ITargetRows
{
    public TargetMatrix(string name, double[] values, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (values.Length % columns != 0)
            throw new ArgumentException($"target '{name}': {values.Length} values is not a multiple of {columns} columns", nameof(values));
        Name = name;
        Values = values;
        Columns = columns;
        Rows = values.Length / columns;
    }

    public string Name { get; }
    public double[] Values { get; }
    public int Rows { get; }
    public int Columns { get; }

    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Columns, Columns);

    void ITargetRows.CopyRow(int row, Span<double> destination) => Row(row).CopyTo(destination);

    void ITargetRows.Prefetch(int row) => Prefetch(row);

    /// <summary>Asks the cache for row <paramref name="row"/> (a hint; it cannot fault).</summary>
    internal unsafe void Prefetch(int row)
    {
        if (!Sse.IsSupported) return;
        ref double start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), (nint)row * Columns);
        for (int offset = 0; offset < Columns; offset += 8) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref start, offset)));
    }

    /// <summary>The targets of several matrices side by side (a copy).</summary>
    public static TargetMatrix Concatenate(string name, IReadOnlyList<TargetMatrix> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int rows = blocks[0].Rows, width = blocks.Sum(b => b.Columns);
        var values = new double[rows * width];
        int offset = 0;
        foreach (var block in blocks)
        {
            if (block.Rows != rows) throw new ArgumentException($"target '{block.Name}' has {block.Rows} rows, not {rows}", nameof(blocks));
            for (int i = 0; i < rows; i++) block.Row(i).CopyTo(values.AsSpan(i * width + offset, block.Columns));
            offset += block.Columns;
        }
        return new TargetMatrix(name, values, width);
    }

    /// <summary>Rows permuted: row i of the result is row <paramref name="permutation"/>[i] of this matrix.</summary>
    public TargetMatrix PermuteRows(string name, ReadOnlySpan<int> permutation)
    {
        if (permutation.Length != Rows) throw new ArgumentException($"a permutation of {Rows} rows is needed", nameof(permutation));
        var values = new double[Values.Length];
        for (int i = 0; i < Rows; i++) Row(permutation[i]).CopyTo(values.AsSpan(i * Columns, Columns));
        return new TargetMatrix(name, values, Columns);
    }
}
