namespace BeliefGeometry.Numerics;

/// <summary>
/// A set of fixed-length vectors in which two vectors are the same when they fall in the same cell of a
/// grid of spacing <c>tolerance</c>, or (rarely, when one lies within 1% of a cell boundary) when they are
/// within <c>tolerance</c> of each other in max-norm. Each distinct vector gets a dense id 0, 1, 2, …
/// and keeps its first representative. Open addressing over the cell hash; no per-item allocation.
/// </summary>
public sealed class VectorSet
{
    private const double BoundaryBand = 0.49; // |v/tol − round(v/tol)| beyond this: also look in the neighbour cell
    private readonly int _dimension;
    private readonly double _tolerance;
    private readonly double _scale;
    private double[] _rows;
    private int[] _slots; // id + 1, or 0 when empty
    private int _count;

    public VectorSet(int dimension, double tolerance, int capacity = 1024)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), "must be at least 1");
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "must be positive");
        _dimension = dimension;
        _tolerance = tolerance;
        _scale = 1 / tolerance;
        capacity = Math.Max(capacity, 16);
        _rows = GC.AllocateUninitializedArray<double>(checked(capacity * dimension));
        _slots = new int[(int)Math.Min(1L << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2))];
    }

    public int Count => _count;
    public int Dimension => _dimension;
    public double Tolerance => _tolerance;

    /// <summary>The representative of vector <paramref name="id"/>.</summary>
    public ReadOnlySpan<double> this[int id] => _rows.AsSpan(id * _dimension, _dimension);

    /// <summary>The id of the vector equal to <paramref name="vector"/>, adding it when there is none.</summary>
    public int FindOrAdd(ReadOnlySpan<double> vector, out bool added)
    {
        int found = Find(vector, out ulong hash, out bool nearBoundary);
        if (found < 0 && nearBoundary) found = FindInNeighbourCells(vector);
        added = found < 0;
        return added ? Add(vector, hash) : found;
    }

    /// <summary>The id of the vector equal to <paramref name="vector"/>, or −1.</summary>
    public int IndexOf(ReadOnlySpan<double> vector)
    {
        int found = Find(vector, out _, out bool nearBoundary);
        return found < 0 && nearBoundary ? FindInNeighbourCells(vector) : found;
    }

    private int Find(ReadOnlySpan<double> v, out ulong hash, out bool nearBoundary)
    {
        hash = 0xcbf29ce484222325;
        nearBoundary = false;
        for (int i = 0; i < v.Length; i++)
        {
            double scaled = v[i] * _scale;
            double cell = Math.Round(scaled);
            nearBoundary |= Math.Abs(scaled - cell) > BoundaryBand;
            hash = Mix(hash, cell);
        }
        int mask = _slots.Length - 1;
        for (int slot = (int)(Finish(hash) & (ulong)mask); ; slot = (slot + 1) & mask)
        {
            int id = _slots[slot] - 1;
            if (id < 0) return -1;
            if (SameCell(v, id)) return id;
        }
    }

    private bool SameCell(ReadOnlySpan<double> v, int id)
    {
        var row = _rows.AsSpan(id * _dimension, _dimension);
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
                int id = _slots[slot] - 1;
                if (id < 0) break;
                if (WithinTolerance(v, id)) return id;
            }
        }
        return -1;
    }

    private bool WithinTolerance(ReadOnlySpan<double> v, int id)
    {
        var row = _rows.AsSpan(id * _dimension, _dimension);
        for (int i = 0; i < row.Length; i++)
            if (Math.Abs(row[i] - v[i]) > _tolerance) return false;
        return true;
    }

    private int Add(ReadOnlySpan<double> v, ulong hash)
    {
        if ((_count + 1) * _dimension > _rows.Length)
            Array.Resize(ref _rows, checked(Math.Max(_rows.Length * 2, (_count + 1) * _dimension)));
        if ((long)(_count + 1) * 2 > _slots.Length) Rehash(_slots.Length * 2);
        int id = _count++;
        v.CopyTo(_rows.AsSpan(id * _dimension, _dimension));
        Insert(id, hash);
        return id;
    }

    private void Insert(int id, ulong hash)
    {
        int mask = _slots.Length - 1;
        int slot = (int)(Finish(hash) & (ulong)mask);
        while (_slots[slot] != 0) slot = (slot + 1) & mask;
        _slots[slot] = id + 1;
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        for (int id = 0; id < _count; id++)
        {
            ulong hash = 0xcbf29ce484222325;
            foreach (double x in _rows.AsSpan(id * _dimension, _dimension))
                hash = Mix(hash, Math.Round(x * _scale));
            Insert(id, hash);
        }
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
