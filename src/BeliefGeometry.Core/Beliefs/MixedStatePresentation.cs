using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>
/// The mixed-state presentation (MSP) to a depth: every belief reachable from η₀ = π by words of length
/// ≤ L, with P(word). Level L holds the words of length L; with merging on, words of one length that
/// reach the same belief share a node whose probability is their sum. The distinct beliefs and their
/// transitions live in <see cref="Graph"/>, shared by all levels, so a finite MSP costs a finite graph.
/// </summary>
public sealed class MixedStatePresentation
{
    private readonly List<MspLevel> _levels = [];
    private readonly Dictionary<int, int> _slotOfOldBelief = [];
    private int _reserveDepth;
    private bool _reserveDecided;

    private MixedStatePresentation(HiddenMarkovProcess process, MspOptions options, int capacity)
    {
        Process = process;
        Options = options;
        NodeLimit = options.NodeLimit(process);
        Graph = new BeliefGraph(process, options.Tolerance, capacity);
        int root = Graph.Add(process.InitialState, out _);
        _levels.Add(new MspLevel(0, [root], [1.0], [-1], [-1], 1, 1, 1));
    }

    public HiddenMarkovProcess Process { get; }
    public MspOptions Options { get; }
    public BeliefGraph Graph { get; }
    public IReadOnlyList<MspLevel> Levels => _levels;
    public int Depth => _levels.Count - 1;

    /// <summary>Whether one more level stays within <see cref="MspOptions.NodeLimit"/>.</summary>
    public bool CanExtend => TotalNodes + (long)_levels[^1].NodeCount * Process.TokenCount <= NodeLimit;

    /// <summary>The most nodes this presentation may hold (<see cref="MspOptions.NodeLimit"/>).</summary>
    public long NodeLimit { get; }

    /// <summary>A level of at least this many words that is still a full tree is taken to show the growth to come.</summary>
    private const int TreeEvidence = 4096;

    /// <summary>Nodes over all levels.</summary>
    public long TotalNodes { get; private set; } = 1;

    /// <summary>Distinct beliefs over all depths built so far.</summary>
    public int TotalDistinctBeliefs => _levels[^1].CumulativeDistinctBeliefs;

    /// <summary>Builds the MSP to <paramref name="depth"/>.</summary>
    /// <param name="reserveForDepth">Reserve room as for this depth (default <paramref name="depth"/>), for a caller that extends further.</param>
    public static MixedStatePresentation Build(HiddenMarkovProcess process, int depth, MspOptions? options = null, int? reserveForDepth = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        // Small trees are reserved outright; larger ones once the first levels show they are trees.
        int reserve = reserveForDepth ?? depth;
        double tree = 0;
        for (int l = 0; l <= reserve && tree <= 1 << 17; l++) tree += Math.Pow(process.TokenCount, l);
        var msp = new MixedStatePresentation(process, options ?? MspOptions.Default, tree <= 1 << 17 ? (int)tree : 1024) { _reserveDepth = reserve };
        while (msp.Depth < depth) msp.Extend();
        return msp;
    }

    /// <summary>
    /// Once the first levels show a full tree (every word possible, no belief repeated, as for Mess3), reserves
    /// room for the whole tree to the target depth (Σ_{l≤L} Vˡ beliefs, when at most 2²⁴), so the stores are
    /// never copied while they grow; any other MSP grows on demand.
    /// </summary>
    private void ReserveForFullTree()
    {
        var level = _levels[^1];
        int v = Process.TokenCount;
        if (_reserveDecided || Math.Pow(v, level.Depth) < 64) return; // judge on a level of 64 words or more
        _reserveDecided = true;
        if (!IsFullTree(level)) return;
        double tree = 0;
        for (int l = 0; l <= _reserveDepth && tree <= 1 << 24; l++) tree += Math.Pow(v, l);
        if (tree <= 1 << 24 && tree <= NodeLimit) Graph.Reserve((int)tree);
    }

    /// <summary>Every word of the level is possible and reaches a belief seen nowhere else (as for Mess3).</summary>
    private bool IsFullTree(MspLevel level) =>
        level.NodeCount == Math.Pow(Process.TokenCount, level.Depth) && level.CumulativeDistinctBeliefs == TotalNodes;

    /// <summary>
    /// Refuses, before the work, a depth whose tree would pass the node limit when the presentation has grown as a
    /// full tree through a level of <see cref="TreeEvidence"/> words or more (no belief merged, no word impossible).
    /// </summary>
    private void CheckTreeFitsTarget(MspLevel level)
    {
        int v = Process.TokenCount;
        if (level.Depth >= _reserveDepth || level.NodeCount < TreeEvidence || !IsFullTree(level)) return;
        double tree = 0, fits = 0;
        int largest = -1;
        for (int l = 0; l <= _reserveDepth && tree < 1e300; l++)
        {
            tree += Math.Pow(v, l);
            if (tree <= NodeLimit) { fits = tree; largest = l; }
        }
        if (tree <= NodeLimit) return;
        string need = tree < 1e300 ? tree.ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture) : "more than 1e300";
        throw new DepthLimitException(_reserveDepth,
            $"the mixed-state presentation of {Process.Name} has merged no beliefs through depth {level.Depth} ({level.NodeCount:N0} words, each a new belief); as a tree it would need {need} nodes, more than the limit of {NodeLimit:N0}{LimitWhy()}; the largest depth within it is {largest} ({fits:N0} nodes)");
    }

    /// <summary>Why the node limit is what it is, when memory sets it.</summary>
    private string LimitWhy() => NodeLimit < Options.MaxNodes
        ? $" (what {Options.MaxBytes / (double)(1L << 20):N0} MiB hold at about {MspOptions.BytesPerNode(Process):N0} bytes a node for {Process.StateCount} states and {Process.TokenCount} tokens)"
        : "";

    /// <summary>Adds level L+1: every node of level L followed by every token of positive probability.</summary>
    public MspLevel Extend()
    {
        var level = _levels[^1];
        int v = Process.TokenCount;
        long bound = (long)level.NodeCount * v;
        if (!CanExtend)
            throw new DepthLimitException(level.Depth + 1,
                $"the mixed-state presentation of {Process.Name} would pass {NodeLimit:N0} nodes{LimitWhy()} (depth {level.Depth} has {level.NodeCount:N0}, each with {v} tokens); choose a smaller depth");
        CheckTreeFitsTarget(level);
        ReserveForFullTree();
        var ids = GC.AllocateUninitializedArray<int>((int)bound);
        var probabilities = GC.AllocateUninitializedArray<double>((int)bound);
        var parents = GC.AllocateUninitializedArray<int>((int)bound);
        var tokens = GC.AllocateUninitializedArray<int>((int)bound);
        int count = 0, distinct = 0;
        int firstNew = Graph.Count;
        var slotOfNew = GC.AllocateUninitializedArray<int>((int)bound); // slot of each belief first seen at this level
        int newCount = 0;
        _slotOfOldBelief.Clear();
        bool merge = Options.Merge;

        var parentIds = level.BeliefIds;
        Graph.Expand(parentIds);
        Span<double> nextToken = stackalloc double[v];
        var parentProbabilities = level.Probabilities;
        for (int k = 0; k < level.NodeCount; k++)
        {
            int id = parentIds[k];
            var successors = Graph.Successors(id);
            Graph.NextTokenDistribution(id, nextToken);
            for (int x = 0; x < v; x++)
            {
                int child = successors[x];
                if (child < 0) continue;
                double p = parentProbabilities[k] * nextToken[x];
                int slot = -1;
                if (child >= firstNew)
                {
                    if (child - firstNew < newCount) slot = slotOfNew[child - firstNew];
                    else { slotOfNew[newCount++] = count; distinct++; }
                }
                else if (_slotOfOldBelief.TryGetValue(child, out int s)) slot = s;
                else { _slotOfOldBelief[child] = count; distinct++; }

                if (merge && slot >= 0)
                {
                    probabilities[slot] += p;
                    continue;
                }
                ids[count] = child;
                probabilities[count] = p;
                parents[count] = k;
                tokens[count] = x;
                count++;
            }
        }
        if (count < bound / 2) // merging kept few of the candidates: do not hold on to the rest
        {
            Array.Resize(ref ids, count);
            Array.Resize(ref probabilities, count);
            Array.Resize(ref parents, count);
            Array.Resize(ref tokens, count);
        }
        var next = new MspLevel(level.Depth + 1, ids, probabilities, parents, tokens, count, distinct, Graph.Count);
        _levels.Add(next);
        TotalNodes += count;
        return next;
    }

    /// <summary>The (first) word that reaches node <paramref name="node"/> of level <paramref name="depth"/>.</summary>
    public int[] Word(int depth, int node)
    {
        var word = new int[depth];
        for (int l = depth; l > 0; l--)
        {
            var level = _levels[l];
            word[l - 1] = level.Tokens[node];
            node = level.Parents[node];
        }
        return word;
    }

    /// <summary>The belief of node <paramref name="node"/> of level <paramref name="depth"/>.</summary>
    public ReadOnlySpan<double> Belief(int depth, int node) => Graph.Belief(_levels[depth].BeliefIds[node]);
}
