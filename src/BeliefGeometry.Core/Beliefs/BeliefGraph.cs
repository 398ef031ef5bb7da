using BeliefGeometry.Numerics;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>
/// The distinct beliefs reached so far, each with a dense id, and the transitions between them:
/// η —x→ η T⁽ˣ⁾ / P(x | η). Beliefs closer than the tolerance are one node (see <see cref="VectorSet"/>),
/// so a finite mixed-state presentation becomes a finite graph. Successors are computed once per belief.
/// </summary>
public sealed class BeliefGraph
{
    /// <summary>Successor marker: the belief has not been expanded yet.</summary>
    public const int Unexpanded = -1;
    /// <summary>Successor marker: the token has probability 0 from this belief.</summary>
    public const int Impossible = -2;
    private const int Pending = -3;

    private readonly VectorSet _beliefs;
    private int[] _successors; // [id][x]
    private double[]? _children;
    private int[]? _childIds, _childSlots;
    private bool[]? _childAdded;
    private readonly double _impossibleBelow;

    public BeliefGraph(HiddenMarkovProcess process, double tolerance = 1e-9, int capacity = 1024)
    {
        Process = process;
        Capacity = capacity;
        _beliefs = new VectorSet(process.StateCount, tolerance, capacity);
        _successors = new int[Math.Max(capacity, 16) * process.TokenCount];
        _successors.AsSpan().Fill(Unexpanded);
        // HMM token probabilities are sums of non-negative terms, so "impossible" is exactly 0;
        // a generalized HMM's are differences, with round-off around 0.
        _impossibleBelow = process.IsHmm ? 0 : 1e-12;
    }

    public HiddenMarkovProcess Process { get; }

    /// <summary>Room reserved for beliefs (grows on demand, or ahead with <see cref="Reserve"/>).</summary>
    public int Capacity { get; private set; }

    /// <summary>Number of distinct beliefs.</summary>
    public int Count => _beliefs.Count;

    public double Tolerance => _beliefs.Tolerance;

    /// <summary>Number of transitions that led to a belief already in the graph (0 means the graph is a tree).</summary>
    public long ReusedTransitions { get; private set; }

    public ReadOnlySpan<double> Belief(int id) => _beliefs[id];

    /// <summary>The id of <paramref name="belief"/>, adding it when new.</summary>
    public int Add(ReadOnlySpan<double> belief, out bool added)
    {
        int id = _beliefs.FindOrAdd(belief, out added);
        if (added) GrowSuccessors();
        return id;
    }

    public bool IsExpanded(int id) => _successors[id * Process.TokenCount] != Unexpanded;

    /// <summary>
    /// Successor ids of belief <paramref name="id"/>, one per token (<see cref="Impossible"/> where
    /// P(x | η) = 0), computing them on first use. The span is valid until the next expansion.
    /// </summary>
    public ReadOnlySpan<int> Successors(int id)
    {
        if (!IsExpanded(id)) Expand([id]);
        return _successors.AsSpan(id * Process.TokenCount, Process.TokenCount);
    }

    /// <summary>Computes the successors of every belief in <paramref name="ids"/> not expanded yet, in one batch.</summary>
    public void Expand(ReadOnlySpan<int> ids)
    {
        int n = Process.StateCount, v = Process.TokenCount;
        const int parentsPerBatch = 256;
        _children ??= new double[parentsPerBatch * v * n];
        _childIds ??= new int[parentsPerBatch * v];
        _childAdded ??= new bool[parentsPerBatch * v];
        _childSlots ??= new int[parentsPerBatch * v];
        for (int start = 0; start < ids.Length; start += parentsPerBatch)
        {
            int children = 0;
            foreach (int id in ids.Slice(start, Math.Min(parentsPerBatch, ids.Length - start)))
            {
                if (IsExpanded(id)) continue; // also skips a repeat within this batch (marked Pending below)
                _successors.AsSpan(id * v, v).Fill(Pending);
                var belief = _beliefs[id];
                for (int x = 0; x < v; x++)
                {
                    double p = BeliefUpdate.UpdateBelief(Process, belief, x, _children.AsSpan(children * n, n));
                    if (p < -1e-9 || !double.IsFinite(p))
                        throw new ProcessException(
                            $"process '{Process.Name}': a word gets probability P(x = '{Process.Tokens[x]}' | η) = {p:G4} after more tokens than were validated; a generalized HMM must keep every word's probability in [0, 1]");
                    if (p > _impossibleBelow) _childSlots[children++] = id * v + x;
                    else _successors[id * v + x] = Impossible;
                }
            }
            _beliefs.FindOrAddMany(_children, children, _childIds, _childAdded);
            GrowSuccessors();
            for (int c = 0; c < children; c++)
            {
                _successors[_childSlots[c]] = _childIds[c];
                if (!_childAdded[c]) ReusedTransitions++;
            }
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> beliefs in all.</summary>
    public void Reserve(int capacity)
    {
        if (capacity <= Capacity) return;
        _beliefs.Reserve(capacity);
        Capacity = capacity;
        GrowSuccessors(capacity);
    }

    private void GrowSuccessors(int beliefs = 0)
    {
        int needed = Math.Max(beliefs, _beliefs.Count) * Process.TokenCount;
        if (needed <= _successors.Length) return;
        int old = _successors.Length;
        Array.Resize(ref _successors, beliefs > 0 ? needed : Math.Max(old * 2, needed));
        _successors.AsSpan(old).Fill(Unexpanded);
    }

    /// <summary>P(x | η) for belief <paramref name="id"/>.</summary>
    public double TokenProbability(int id, int token) => BeliefUpdate.TokenProbabilityOfBelief(Process, _beliefs[id], token);

    /// <summary>Fills <paramref name="distribution"/> with P(· | η) for belief <paramref name="id"/>.</summary>
    public void NextTokenDistribution(int id, Span<double> distribution) =>
        BeliefUpdate.NextTokenDistributionOfBelief(Process, _beliefs[id], distribution);
}
