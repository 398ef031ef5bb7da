namespace BeliefGeometry.Numerics;

/// <summary>Tarjan's strongly connected components on a directed graph given by successor lists (iterative).</summary>
public static class StronglyConnectedComponents
{
    /// <summary>
    /// Component index of every node; components are numbered in reverse topological order
    /// (a component's successors have smaller numbers), as Tarjan's algorithm emits them.
    /// </summary>
    public static int[] Find(int nodeCount, Func<int, IEnumerable<int>> successors, out int componentCount)
    {
        var index = new int[nodeCount];
        var low = new int[nodeCount];
        var component = new int[nodeCount];
        var onStack = new bool[nodeCount];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var work = new Stack<(int Node, IEnumerator<int> Next)>();
        int counter = 0;
        componentCount = 0;

        for (int root = 0; root < nodeCount; root++)
        {
            if (index[root] >= 0) continue;
            Visit(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    int w = next.Current;
                    if (index[w] < 0) Visit(w);
                    else if (onStack[w]) low[node] = Math.Min(low[node], index[w]);
                    continue;
                }
                work.Pop();
                if (work.Count > 0) low[work.Peek().Node] = Math.Min(low[work.Peek().Node], low[node]);
                if (low[node] != index[node]) continue;
                int member;
                do
                {
                    member = stack.Pop();
                    onStack[member] = false;
                    component[member] = componentCount;
                } while (member != node);
                componentCount++;
            }
        }
        return component;

        void Visit(int v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack[v] = true;
            work.Push((v, successors(v).GetEnumerator()));
        }
    }

    /// <summary>
    /// The closed components (no edge leaves them), each as its sorted member list. For a Markov chain
    /// these are the recurrent classes.
    /// </summary>
    public static List<int[]> Closed(int nodeCount, Func<int, IEnumerable<int>> successors)
    {
        var component = Find(nodeCount, successors, out int count);
        var closed = new bool[count];
        Array.Fill(closed, true);
        for (int v = 0; v < nodeCount; v++)
        {
            foreach (int w in successors(v))
                if (component[w] != component[v]) closed[component[v]] = false;
        }
        var members = new List<int>[count];
        for (int v = 0; v < nodeCount; v++)
            if (closed[component[v]])
                (members[component[v]] ??= []).Add(v);
        return members.Where(m => m is not null).Select(m => m.ToArray()).ToList();
    }
}
