namespace BeliefGeometry.Beliefs;

/// <summary>
/// The nodes of a mixed-state presentation at one depth L: the words of length L with positive probability
/// (merged by belief unless merging is off). Node k has belief <see cref="BeliefIds"/>[k] in the
/// <see cref="BeliefGraph"/>, probability <see cref="Probabilities"/>[k] (the total over its words), and
/// was first reached from node <see cref="Parents"/>[k] of depth L−1 by token <see cref="Tokens"/>[k].
/// </summary>
public sealed class MspLevel
{
    internal MspLevel(int depth, int[] beliefIds, double[] probabilities, int[] parents, int[] tokens, int count,
        int distinctBeliefs, int cumulativeDistinctBeliefs)
    {
        Depth = depth;
        _beliefIds = beliefIds;
        _probabilities = probabilities;
        _parents = parents;
        _tokens = tokens;
        NodeCount = count;
        DistinctBeliefs = distinctBeliefs;
        CumulativeDistinctBeliefs = cumulativeDistinctBeliefs;
    }

    private readonly int[] _beliefIds;
    private readonly double[] _probabilities;
    private readonly int[] _parents;
    private readonly int[] _tokens;

    public int Depth { get; }
    public int NodeCount { get; }

    /// <summary>Distinct beliefs among the words of length exactly L with positive probability.</summary>
    public int DistinctBeliefs { get; }

    /// <summary>Distinct beliefs over all lengths 0…L.</summary>
    public int CumulativeDistinctBeliefs { get; }

    public ReadOnlySpan<int> BeliefIds => _beliefIds.AsSpan(0, NodeCount);
    public ReadOnlySpan<double> Probabilities => _probabilities.AsSpan(0, NodeCount);
    public ReadOnlySpan<int> Parents => _parents.AsSpan(0, NodeCount);
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, NodeCount);
}
