using BeliefGeometry.Beliefs;
using BeliefGeometry.Numerics;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// The ε-machine: the minimal unifilar presentation of a process, restricted to its recurrent (causal)
/// states. Found by merging predictively equivalent states (Moore partition refinement: same next-token
/// distribution and, token by token, equivalent successors) of a unifilar presentation — the process's
/// own when it is unifilar, else the recurrent part of its mixed-state presentation when that is finite.
/// </summary>
public sealed class EpsilonMachine
{
    private EpsilonMachine(HiddenMarkovProcess presentation) => Presentation = presentation;

    /// <summary>The causal states and their transitions, as a unifilar HMM.</summary>
    public HiddenMarkovProcess Presentation { get; }

    public int StateCount => Presentation.StateCount;

    /// <summary>Minimizes a unifilar process and keeps its recurrent part.</summary>
    public static EpsilonMachine FromUnifilar(HiddenMarkovProcess process, double tolerance = 1e-9)
    {
        if (!process.IsUnifilar)
            throw new ArgumentException("the presentation is not unifilar", nameof(process));
        int n = process.StateCount, v = process.TokenCount;
        var successor = new int[n * v];
        var probability = new double[n * v];
        for (int i = 0; i < n; i++)
            for (int x = 0; x < v; x++)
            {
                successor[i * v + x] = -1;
                for (int j = 0; j < n; j++)
                    if (process[x, i, j] > 0)
                    {
                        successor[i * v + x] = j;
                        probability[i * v + x] = process[x, i, j];
                    }
            }
        return Minimize(process, Enumerable.Range(0, n).ToArray(), successor, probability, tolerance,
            i => process.States[i]);
    }

    /// <summary>
    /// The ε-machine from the recurrent beliefs of a mixed-state presentation: a closed strongly connected
    /// set of fully expanded beliefs. Null when the graph explored so far has none (for example when the
    /// MSP is infinite, as for Mess3).
    /// </summary>
    public static EpsilonMachine? FromBeliefGraph(BeliefGraph graph)
    {
        if (graph.ReusedTransitions == 0) return null; // a tree has no cycles, hence no closed set
        int count = graph.Count, v = graph.Process.TokenCount;
        // The largest set closed under transitions: expanded beliefs whose successors all stay in the set.
        // Successors are mostly newer than their belief, so passes in decreasing id order converge fast.
        var inSet = new bool[count];
        for (int id = 0; id < count; id++) inSet[id] = graph.IsExpanded(id);
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int id = count - 1; id >= 0; id--)
            {
                if (!inSet[id]) continue;
                foreach (int s in graph.Successors(id))
                    if (s >= 0 && !inSet[s]) { inSet[id] = false; changed = true; break; }
            }
        }
        var members0 = Enumerable.Range(0, count).Where(id => inSet[id]).ToArray();
        if (members0.Length == 0) return null;
        var local = new Dictionary<int, int>(members0.Length);
        for (int k = 0; k < members0.Length; k++) local[members0[k]] = k;
        IEnumerable<int> Next(int k)
        {
            for (int x = 0; x < v; x++)
            {
                int s = graph.Successors(members0[k])[x];
                if (s >= 0) yield return local[s];
            }
        }
        var closed = StronglyConnectedComponents.Closed(members0.Length, Next);
        if (closed.Count != 1) return null;
        closed[0] = closed[0].Select(k => members0[k]).ToArray();
        var members = closed[0];
        var successor = new int[count * v];
        var probability = new double[count * v];
        foreach (int id in members)
        {
            var next = graph.Successors(id);
            for (int x = 0; x < v; x++)
            {
                successor[id * v + x] = next[x] >= 0 ? next[x] : -1;
                probability[id * v + x] = next[x] >= 0 ? graph.TokenProbability(id, x) : 0;
            }
        }
        return Minimize(graph.Process, members, successor, probability, graph.Tolerance, id => $"η{id}");
    }

    /// <summary>
    /// Moore refinement over <paramref name="states"/> (closed under transitions), then the recurrent
    /// class of the quotient. <paramref name="successor"/>[s·V + x] is −1 where P(x | s) = 0.
    /// </summary>
    private static EpsilonMachine Minimize(HiddenMarkovProcess process, int[] states, int[] successor, double[] probability,
        double tolerance, Func<int, string> name)
    {
        int v = process.TokenCount;
        var block = new Dictionary<int, int>(states.Length);
        var distributions = new VectorSet(v, tolerance, states.Length);
        foreach (int s in states)
            block[s] = distributions.FindOrAdd(probability.AsSpan(s * v, v), out _);
        int blocks = distributions.Count;
        while (true)
        {
            var signatures = new Dictionary<int[], int>(IntArrayComparer.Instance);
            var refined = new Dictionary<int, int>(states.Length);
            foreach (int s in states)
            {
                var signature = new int[v + 1];
                signature[0] = block[s];
                for (int x = 0; x < v; x++)
                    signature[x + 1] = successor[s * v + x] < 0 ? -1 : block[successor[s * v + x]];
                if (!signatures.TryGetValue(signature, out int b))
                    signatures[signature] = b = signatures.Count;
                refined[s] = b;
            }
            block = refined;
            if (signatures.Count == blocks) break;
            blocks = signatures.Count;
        }

        // Quotient machine: T⁽ˣ⁾[b, b'] = P(x | s) for any s in block b, with s —x→ s' in block b'.
        var representative = new int[blocks];
        var names = new List<string>[blocks];
        foreach (int s in states)
        {
            int b = block[s];
            if (names[b] is null) { names[b] = []; representative[b] = s; }
            names[b].Add(name(s));
        }
        var closed = StronglyConnectedComponents.Closed(blocks, b =>
            Enumerable.Range(0, v).Select(x => successor[representative[b] * v + x]).Where(t => t >= 0).Select(t => block[t]));
        if (closed.Count != 1)
            throw new InvalidOperationException($"the minimized presentation has {closed.Count} recurrent classes; expected one");
        var recurrent = closed[0];
        var index = new Dictionary<int, int>();
        for (int k = 0; k < recurrent.Length; k++) index[recurrent[k]] = k;
        int m = recurrent.Length;
        var matrices = new double[v][,];
        for (int x = 0; x < v; x++)
        {
            matrices[x] = new double[m, m];
            for (int k = 0; k < m; k++)
            {
                int s = representative[recurrent[k]];
                int t = successor[s * v + x];
                if (t >= 0) matrices[x][k, index[block[t]]] = probability[s * v + x];
            }
        }
        var stateNames = recurrent.Select(b => names[b].Count == 1 ? names[b][0] : "{" + string.Join(",", names[b]) + "}").ToArray();
        // Renormalize rows against round-off in belief-derived probabilities.
        for (int k = 0; k < m; k++)
        {
            double sum = 0;
            for (int x = 0; x < v; x++) for (int j = 0; j < m; j++) sum += matrices[x][k, j];
            for (int x = 0; x < v; x++) for (int j = 0; j < m; j++) matrices[x][k, j] /= sum;
        }
        var presentation = new HiddenMarkovProcess($"ε-machine of {process.Name}", process.Tokens, stateNames, matrices,
            description: $"ε-machine of {process.Name}");
        return new EpsilonMachine(presentation);
    }
}
