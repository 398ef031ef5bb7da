using BeliefGeometry.Beliefs;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Theory;

/// <summary>
/// The distinct next-token distributions P(· | η) among the beliefs of a mixed-state presentation, per depth and
/// in total (<see cref="Classify"/>, levels in order). It only reads beliefs already in the graph, so it can run
/// beside the construction of deeper levels.
/// </summary>
public sealed class LevelStatistics
{
    private const int Chunk = 256;
    private readonly MixedStatePresentation _msp;
    private readonly VectorSet _distributions;
    private int[] _classOf;
    private int[] _seenAt;
    private int _classified;

    public LevelStatistics(MixedStatePresentation msp)
    {
        _msp = msp;
        var graph = msp.Graph;
        // Next-token distributions are recomputed from the belief (P(x | η) = η·T⁽ˣ⁾τ) rather than stored.
        _distributions = new VectorSet(graph.Process.TokenCount, graph.Tolerance,
            (id, row) => graph.NextTokenDistribution(id, row), graph.Capacity);
        _classOf = new int[graph.Capacity];
        _seenAt = new int[graph.Capacity];
    }

    /// <summary>Distinct next-token distributions among the beliefs of each level classified.</summary>
    public List<int> DistinctNextTokenDistributions { get; } = [];

    /// <summary>Distinct next-token distributions over all levels classified.</summary>
    public int TotalDistinctNextTokenDistributions => _distributions.Count;

    /// <summary>Counts the distinct next-token distributions of the next level (levels must come in order).</summary>
    public void Classify(MspLevel level)
    {
        if (level.Depth != DistinctNextTokenDistributions.Count)
            throw new InvalidOperationException($"level {level.Depth} classified out of order");
        ClassifyNewBeliefs(level.CumulativeDistinctBeliefs);
        DistinctNextTokenDistributions.Add(CountDistinctClasses(level.BeliefIds, level.Depth));
    }

    /// <summary>Assigns a next-token class to every belief id below <paramref name="count"/> not yet classified.</summary>
    private void ClassifyNewBeliefs(int count)
    {
        if (count <= _classified) return;
        int room = Math.Max(count, _msp.Graph.Capacity); // follow the graph's reservation
        if (room > _classOf.Length)
        {
            Array.Resize(ref _classOf, room == count ? Math.Max(count, _classOf.Length * 2) : room);
            Array.Resize(ref _seenAt, _classOf.Length);
            _distributions.Reserve(_classOf.Length);
        }
        var graph = _msp.Graph;
        int v = graph.Process.TokenCount;
        var rows = new double[Chunk * v];
        var keys = new int[Chunk];
        var added = new bool[Chunk];
        for (int start = _classified; start < count; start += Chunk)
        {
            int size = Math.Min(Chunk, count - start);
            for (int k = 0; k < size; k++)
            {
                keys[k] = start + k;
                graph.NextTokenDistribution(start + k, rows.AsSpan(k * v, v));
            }
            _distributions.FindOrAddMany(rows, size, _classOf.AsSpan(start, size), added, keys);
        }
        _classified = count;
    }

    private int CountDistinctClasses(ReadOnlySpan<int> ids, int depth)
    {
        int distinct = 0;
        foreach (int id in ids)
        {
            ref int stamp = ref _seenAt[_classOf[id]];
            if (stamp == depth + 1) continue;
            stamp = depth + 1;
            distinct++;
        }
        return distinct;
    }
}
