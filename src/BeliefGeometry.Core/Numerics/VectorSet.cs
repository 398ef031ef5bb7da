using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace BeliefGeometry.Numerics;

/// <summary>
/// A set of fixed-length vectors in which two vectors are the same when they fall in the same cell of a
/// grid of spacing <c>tolerance</c>, or (rarely: when one lies within 0.01% of a cell width of a boundary,
/// where round-off could split equal vectors) when they are within <c>tolerance</c> of each other in max-norm. Each distinct vector gets a dense id 0, 1, 2, …
/// and keeps its first representative. Open addressing over the cell hash; no per-item allocation.
/// <para>
/// The representatives are stored in the set, or — to save memory when they are a function of something
/// already stored — recomputed on demand by a <see cref="RowSource"/> from a caller's key.
/// </para>
/// </summary>
public sealed class VectorSet
{
    /// <summary>Writes the representative vector for <paramref name="key"/> into <paramref name="row"/>.</summary>
    public delegate void RowSource(int key, Span<double> row);

    private const double BoundaryBand = 0.4999; // |v/tol − round(v/tol)| beyond this: also look in the neighbour cell
    private const int Batch = 64;
    private readonly int _dimension;
    private readonly double _tolerance;
    private readonly double _scale;
    private readonly RowSource? _source;
    private double[] _rows = [];  // representatives, when stored
    private int[] _keys = [];     // caller keys of the representatives, when recomputed
    private readonly double[] _scratch;
    private long[] _slots;        // (high 32 bits of the hash) << 32 | (id + 1), or 0 when empty
    private int _count;

    /// <summary>A set that stores its representatives.</summary>
    public VectorSet(int dimension, double tolerance, int capacity = 1024) : this(dimension, tolerance, capacity, null) { }

    /// <summary>A set that keeps a key per representative and recomputes the vector through <paramref name="source"/>.</summary>
    public VectorSet(int dimension, double tolerance, RowSource source, int capacity = 1024) : this(dimension, tolerance, capacity, source) { }

    private VectorSet(int dimension, double tolerance, int capacity, RowSource? source)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), "must be at least 1");
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "must be positive");
        _dimension = dimension;
        _tolerance = tolerance;
        _scale = 1 / tolerance;
        _source = source;
        _scratch = new double[dimension];
        capacity = Math.Max(capacity, 16);
        if (source is null) _rows = GC.AllocateUninitializedArray<double>(checked(capacity * dimension));
        else _keys = GC.AllocateUninitializedArray<int>(capacity);
        _slots = NewSlots(SlotsFor(capacity));
    }

    public int Count => _count;
    public int Dimension => _dimension;
    public double Tolerance => _tolerance;

    /// <summary>The representative of vector <paramref name="id"/> (sets that store their representatives).</summary>
    public ReadOnlySpan<double> this[int id] => _source is null
        ? _rows.AsSpan(id * _dimension, _dimension)
        : throw new InvalidOperationException("this set recomputes its representatives; use Key(id)");

    /// <summary>The caller's key of representative <paramref name="id"/> (sets built with a <see cref="RowSource"/>).</summary>
    public int Key(int id) => _keys[id];

    /// <summary>The id of the vector equal to <paramref name="vector"/>, adding it (with <paramref name="key"/>) when there is none.</summary>
    public int FindOrAdd(ReadOnlySpan<double> vector, out bool added, int key = -1)
    {
        EnsureRoom(1);
        ulong hash = Hash(vector, out bool nearBoundary);
        int found = Probe(vector, hash, out int empty);
        if (found < 0 && nearBoundary) found = FindInNeighbourCells(vector);
        added = found < 0;
        return added ? Add(vector, hash, key, empty) : found;
    }

    /// <summary>
    /// <see cref="FindOrAdd"/> for <paramref name="count"/> vectors laid end to end, in order (a later vector
    /// can match an earlier one of the same call). Hash slots are prefetched a batch ahead, which hides most
    /// of the memory latency of a large table.
    /// </summary>
    public void FindOrAddMany(ReadOnlySpan<double> vectors, int count, Span<int> ids, Span<bool> added, ReadOnlySpan<int> keys = default)
    {
        Span<ulong> hashes = stackalloc ulong[Batch];
        Span<bool> near = stackalloc bool[Batch];
        for (int start = 0; start < count; start += Batch)
        {
            int size = Math.Min(Batch, count - start);
            EnsureRoom(size);
            int mask = _slots.Length - 1;
            for (int b = 0; b < size; b++)
            {
                hashes[b] = Hash(vectors.Slice((start + b) * _dimension, _dimension), out near[b]);
                Prefetch(ref _slots[(int)(Finish(hashes[b]) & (ulong)mask)]);
            }
            for (int b = 0; b < size; b++)
            {
                int i = start + b;
                var v = vectors.Slice(i * _dimension, _dimension);
                int found = Probe(v, hashes[b], out int empty);
                if (found < 0 && near[b]) found = FindInNeighbourCells(v);
                added[i] = found < 0;
                ids[i] = found >= 0 ? found : Add(v, hashes[b], keys.IsEmpty ? -1 : keys[i], empty);
            }
        }
    }

    /// <summary>The id of the vector equal to <paramref name="vector"/>, or −1.</summary>
    public int IndexOf(ReadOnlySpan<double> vector)
    {
        int found = Probe(vector, Hash(vector, out bool nearBoundary), out _);
        return found < 0 && nearBoundary ? FindInNeighbourCells(vector) : found;
    }

    private ulong Hash(ReadOnlySpan<double> v, out bool nearBoundary)
    {
        ulong hash = 0xcbf29ce484222325;
        nearBoundary = false;
        for (int i = 0; i < v.Length; i++)
        {
            double scaled = v[i] * _scale;
            double cell = Math.Round(scaled);
            nearBoundary |= Math.Abs(scaled - cell) > BoundaryBand;
            hash = Mix(hash, cell);
        }
        return hash;
    }

    /// <summary>The id of the vector in <paramref name="v"/>'s cell, or −1 with the empty slot where it would go.</summary>
    private int Probe(ReadOnlySpan<double> v, ulong hash, out int empty)
    {
        int mask = _slots.Length - 1;
        ulong finished = Finish(hash);
        uint fingerprint = (uint)(finished >> 32);
        for (int slot = (int)(finished & (ulong)mask); ; slot = (slot + 1) & mask)
        {
            long entry = _slots[slot];
            if (entry == 0)
            {
                empty = slot;
                return -1;
            }
            // Same cell means same hash: compare the stored fingerprint before touching the representative.
            if ((uint)((ulong)entry >> 32) == fingerprint && SameCell(v, Row((int)entry - 1)))
            {
                empty = -1;
                return (int)entry - 1;
            }
        }
    }

    private ReadOnlySpan<double> Row(int id)
    {
        if (_source is null) return _rows.AsSpan(id * _dimension, _dimension);
        _source(_keys[id], _scratch);
        return _scratch;
    }

    private bool SameCell(ReadOnlySpan<double> v, ReadOnlySpan<double> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (Math.Abs(row[i] - v[i]) > _tolerance) return false;
            if (Math.Round(row[i] * _scale) != Math.Round(v[i] * _scale)) return false;
        }
        return true;
    }

    /// <summary>Looks in the cells across the nearby boundaries for a representative within tolerance.</summary>
    private int FindInNeighbourCells(ReadOnlySpan<double> v)
    {
        Span<double> cells = stackalloc double[v.Length];
        Span<int> nearAxes = stackalloc int[Math.Min(v.Length, 6)];
        int near = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double scaled = v[i] * _scale;
            cells[i] = Math.Round(scaled);
            if (Math.Abs(scaled - cells[i]) > BoundaryBand && near < nearAxes.Length) nearAxes[near++] = i;
        }
        int mask = _slots.Length - 1;
        for (int combination = 1; combination < 1 << near; combination++)
        {
            ulong hash = 0xcbf29ce484222325;
            for (int i = 0, k = 0; i < v.Length; i++)
            {
                double cell = cells[i];
                if (k < near && nearAxes[k] == i)
                {
                    if ((combination >> k & 1) != 0) cell += Math.Sign(v[i] * _scale - cells[i]);
                    k++;
                }
                hash = Mix(hash, cell);
            }
            for (int slot = (int)(Finish(hash) & (ulong)mask); ; slot = (slot + 1) & mask)
            {
                long entry = _slots[slot];
                if (entry == 0) break;
                if (WithinTolerance(v, Row((int)entry - 1))) return (int)entry - 1;
            }
        }
        return -1;
    }

    private bool WithinTolerance(ReadOnlySpan<double> v, ReadOnlySpan<double> row)
    {
        for (int i = 0; i < row.Length; i++)
            if (Math.Abs(row[i] - v[i]) > _tolerance) return false;
        return true;
    }

    /// <summary>Makes room for <paramref name="capacity"/> vectors in all, so that adding them resizes nothing.</summary>
    public void Reserve(int capacity) => EnsureRoom(capacity - _count);

    private void EnsureRoom(int more)
    {
        int needed = _count + more;
        if (_source is null && needed * _dimension > _rows.Length)
            Array.Resize(ref _rows, checked(Math.Max(_rows.Length * 2, needed * _dimension)));
        if (_source is not null && needed > _keys.Length)
            Array.Resize(ref _keys, Math.Max(_keys.Length * 2, needed));
        if ((long)needed * 2 > _slots.Length) Rehash(SlotsFor(needed));
    }

    /// <summary>Adds a vector at <paramref name="slot"/>, the empty slot its probe ended on (room was ensured before).</summary>
    private int Add(ReadOnlySpan<double> v, ulong hash, int key, int slot)
    {
        int id = _count++;
        if (_source is null) v.CopyTo(_rows.AsSpan(id * _dimension, _dimension));
        else _keys[id] = key;
        _slots[slot] = Entry(id, Finish(hash));
        return id;
    }

    private static long Entry(int id, ulong finished) => (long)(finished >> 32 << 32) | (uint)(id + 1);

    private void Insert(int id, ulong hash)
    {
        int mask = _slots.Length - 1;
        ulong finished = Finish(hash);
        int slot = (int)(finished & (ulong)mask);
        while (_slots[slot] != 0) slot = (slot + 1) & mask;
        _slots[slot] = Entry(id, finished);
    }

    private void Rehash(int size)
    {
        _slots = NewSlots(size);
        for (int id = 0; id < _count; id++)
            Insert(id, Hash(Row(id), out _));
    }

    /// <summary>
    /// A zeroed table, written once up front: a fresh large array is mapped to the kernel's zero page, and
    /// first writes scattered over it (after reads) cost a copy-on-write fault each.
    /// </summary>
    private static long[] NewSlots(int size)
    {
        var slots = GC.AllocateUninitializedArray<long>(size);
        slots.AsSpan().Clear();
        return slots;
    }

    private static int SlotsFor(int count) =>
        (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count) * 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref long slot)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref slot));
    }

    private static ulong Mix(ulong hash, double cell) =>
        (hash ^ (ulong)(long)(cell + 0.0)) * 0x100000001b3UL; // +0.0 folds −0 into 0

    private static ulong Finish(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
