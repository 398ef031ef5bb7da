using System.Globalization;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Bench.Baselines;

/// <summary>
/// The mixed-state presentation computed the way a first version would be written: enumerate every word
/// to depth L from π breadth first, update the belief with a double[,] matrix-vector product into a new
/// array per word, count distinct beliefs with a Dictionary keyed by the belief rounded to 9 decimals,
/// and get H(L) = −Σ_{|w|=L} P(w) log₂ P(w) by summing over all words. This is the honest baseline for
/// <see cref="MspBenchmarks"/>: no merging, no pooling, no batching, no second thread.
/// </summary>
public static class StraightforwardMsp
{
    /// <summary>H(0…L), h(1…L) (index 0 unused, set to NaN), distinct beliefs per depth and over all depths.</summary>
    public sealed record Result(double[] BlockEntropy, double[] MyopicEntropy, int[] DistinctBeliefsAtDepth, int TotalDistinctBeliefs);

    private sealed class Node(double[] belief, double probability)
    {
        public double[] Belief { get; } = belief;
        public double Probability { get; } = probability;
    }

    public static Result Compute(HiddenMarkovProcess process, int depth)
    {
        int n = process.StateCount, v = process.TokenCount;
        var matrices = new double[v][,];
        for (int x = 0; x < v; x++) matrices[x] = process.TokenMatrixArray(x);
        var tau = process.RightEigenvector.ToArray();

        var blockEntropy = new double[depth + 1];
        var myopicEntropy = new double[depth + 1];
        myopicEntropy[0] = double.NaN;
        var distinctAtDepth = new int[depth + 1];
        var allBeliefs = new Dictionary<string, double[]>();

        var level = new List<Node> { new(process.Stationary.ToArray(), 1.0) };
        for (int l = 0; l <= depth; l++)
        {
            if (l > 0)
            {
                var next = new List<Node>(level.Count * v);
                foreach (var node in level)
                {
                    for (int x = 0; x < v; x++)
                    {
                        // η T⁽ˣ⁾, then P(x | η) = η T⁽ˣ⁾ τ and η' = η T⁽ˣ⁾ / P(x | η).
                        var unnormalized = MultiplyRowVector(node.Belief, matrices[x]);
                        double p = Dot(unnormalized, tau);
                        if (p <= 0) continue;
                        var belief = new double[n];
                        for (int j = 0; j < n; j++) belief[j] = unnormalized[j] / p;
                        next.Add(new Node(belief, node.Probability * p));
                    }
                }
                level = next;
            }

            double h = 0;
            var beliefsHere = new Dictionary<string, double[]>();
            foreach (var node in level)
            {
                h -= node.Probability * Math.Log2(node.Probability);
                string key = Key(node.Belief);
                beliefsHere.TryAdd(key, node.Belief);
                allBeliefs.TryAdd(key, node.Belief);
            }
            blockEntropy[l] = h;
            if (l > 0) myopicEntropy[l] = blockEntropy[l] - blockEntropy[l - 1];
            distinctAtDepth[l] = beliefsHere.Count;
        }
        return new Result(blockEntropy, myopicEntropy, distinctAtDepth, allBeliefs.Count);
    }

    private static double[] MultiplyRowVector(double[] row, double[,] matrix)
    {
        int n = row.Length;
        var result = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += row[i] * matrix[i, j];
            result[j] = sum;
        }
        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static string Key(double[] belief) =>
        string.Join(",", belief.Select(b => Math.Round(b, 9).ToString("F9", CultureInfo.InvariantCulture)));
}
