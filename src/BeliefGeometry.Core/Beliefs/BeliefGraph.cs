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

    private readonly VectorSet _beliefs;
    private int[] _successors; // [id][x]
    private readonly double[] _scratch;
    private readonly double[] _next;
    private readonly double _impossibleBelow;

    public BeliefGraph(HiddenMarkovProcess process, double tolerance = 1e-9, int capacity = 1024)
    {
        Process = process;
        _beliefs = new VectorSet(process.StateCount, tolerance, capacity);
        _successors = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 16) * process.TokenCount);
        _scratch = new double[process.StateCount];
        _next = new double[process.StateCount];
        // HMM token probabilities are sums of non-negative terms, so "impossible" is exactly 0;
        // a generalized HMM's are differences, with round-off around 0.
        _impossibleBelow = process.IsHmm ? 0 : 1e-12;
    }

    public HiddenMarkovProcess Process { get; }

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
        if (added)
        {
            int v = Process.TokenCount;
            if ((id + 1) * v > _successors.Length)
                Array.Resize(ref _successors, Math.Max(_successors.Length * 2, (id + 1) * v));
            _successors.AsSpan(id * v, v).Fill(Unexpanded);
        }
        return id;
    }

    public bool IsExpanded(int id) => _successors[id * Process.TokenCount] != Unexpanded;

    /// <summary>
    /// Successor ids of belief <paramref name="id"/>, one per token (<see cref="Impossible"/> where
    /// P(x | η) = 0), computing them on first use. The span is valid until the next expansion.
    /// </summary>
    public ReadOnlySpan<int> Successors(int id)
    {
        int v = Process.TokenCount;
        if (!IsExpanded(id))
        {
            _beliefs[id].CopyTo(_scratch); // the store may move while successors are added
            for (int x = 0; x < v; x++)
            {
                double p = BeliefUpdate.Update(Process, _scratch, x, _next);
                int successor = Impossible;
                if (p > _impossibleBelow)
                {
                    successor = Add(_next, out bool added);
                    if (!added) ReusedTransitions++;
                }
                _successors[id * v + x] = successor;
            }
        }
        return _successors.AsSpan(id * v, v);
    }

    /// <summary>P(x | η) for belief <paramref name="id"/>.</summary>
    public double TokenProbability(int id, int token) => BeliefUpdate.TokenProbability(Process, _beliefs[id], token);

    /// <summary>Fills <paramref name="distribution"/> with P(· | η) for belief <paramref name="id"/>.</summary>
    public void NextTokenDistribution(int id, Span<double> distribution) =>
        BeliefUpdate.NextTokenDistribution(Process, _beliefs[id], distribution);
}
