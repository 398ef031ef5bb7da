using System.Numerics.Tensors;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Theory;

/// <summary>
/// Per-depth quantities of a mixed-state presentation: h(L+1) = Σ_{η at depth L} P(η) H[P(· | η)],
/// H[S | X₁…X_L] = Σ P(η) H[η] (<see cref="Entropies"/>, any level, any thread), and the distinct
/// next-token distributions P(· | η) per depth and in total (<see cref="Classify"/>, levels in order).
/// Both only read beliefs already in the graph, so they can run beside the construction of deeper levels.
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

    /// <summary>(h(L+1), H[S | X₁…X_L]) for level L, in bits.</summary>
    public static (double Myopic, double StateUncertainty) Entropies(MixedStatePresentation msp, MspLevel level)
    {
        var graph = msp.Graph;
        int v = graph.Process.TokenCount, n = graph.Process.StateCount;
        var ids = level.BeliefIds;
        int chunk = Math.Min(Chunk, ids.Length);
        var next = new double[chunk * v];
        var beliefs = new double[chunk * n];
        var weighted = new double[chunk * Math.Max(v, n)];
        var probabilities = level.Probabilities;
        double myopic = 0, uncertainty = 0;
        for (int start = 0; start < ids.Length; start += chunk)
        {
            int size = Math.Min(chunk, ids.Length - start);
            for (int k = 0; k < size; k++)
            {
                int id = ids[start + k];
                graph.NextTokenDistribution(id, next.AsSpan(k * v, v));
                graph.Belief(id).CopyTo(beliefs.AsSpan(k * n, n));
            }
            myopic += WeightedEntropy(next.AsSpan(0, size * v), v, probabilities.Slice(start, size), weighted);
            uncertainty += WeightedEntropy(beliefs.AsSpan(0, size * n), n, probabilities.Slice(start, size), weighted);
        }
        return (myopic, uncertainty);
    }

    /// <summary>
    /// Σₖ wₖ H[rowₖ] over rows of <paramref name="width"/> laid end to end, vectorized:
    /// −Σ (wₖ pₖᵢ) log₂ max(pₖᵢ, ε), where the ε guard makes 0·log 0 = 0.
    /// </summary>
    private static double WeightedEntropy(Span<double> rows, int width, ReadOnlySpan<double> weights, double[] scratch)
    {
        var weighted = scratch.AsSpan(0, rows.Length);
        for (int k = 0, i = 0; k < weights.Length; k++)
            for (int j = 0; j < width; j++, i++) weighted[i] = weights[k];
        TensorPrimitives.Multiply(weighted, rows, weighted);
        TensorPrimitives.Max(rows, double.Epsilon, rows);
        TensorPrimitives.Log2(rows, rows);
        return -TensorPrimitives.Dot(weighted, rows);
    }

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
