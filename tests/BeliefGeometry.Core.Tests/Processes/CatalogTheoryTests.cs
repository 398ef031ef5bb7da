using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using MathNet.Numerics.LinearAlgebra;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// The theory of every catalog process (<see cref="ProcessTheory"/>, through merged beliefs) against brute force:
/// every word enumerated, its belief updated here by η' = ηT⁽ˣ⁾/(ηT⁽ˣ⁾τ), nothing merged.
/// </summary>
public class CatalogTheoryTests
{
    public static TheoryData<string, int> Processes => new()
    {
        { "mess3", 6 }, { "mess:s=4", 5 }, { "rrxor", 9 }, { "leaky_rrxor", 9 }, { "checksum", 9 },
        { "checksum:probs=[[0.2,0.3,0.5],[0.6,0.1,0.3]]", 6 }, { "coin:p=0.3", 8 }, { "days_of_week", 3 },
        { "even_ones:p=0.3", 10 }, { "no_consecutive_ones:p=0.7", 10 }, { "zero_one_random:p=0.3", 10 }, { "z1r", 8 },
        { "mr_name", 5 }, { "sns:p=0.3,q=0.6", 10 }, { "matching_parens", 10 }, { "matching_parens:open_probs=[1,0.3,0.8,0.6]", 10 },
        { "cycle", 7 }, { "cycle:n=5,p=0.3", 5 }, { "tom_quantum", 5 }, { "tom_quantum:alpha=1,beta=4.3", 5 },
        { "bloch_walk", 5 }, { "bloch_walk:measurement_angle=0.4,p_z_axis=0.3", 5 }, { "quantum_rrxor", 10 },
        { "moon", 7 }, { "moon:alpha=1.5,beta=0.3", 7 }, { "post_quantum:log_alpha=0.4,beta=0.3", 6 }, { "fanizza", 10 },
        { "fanizza:alpha=1,lambda=0.3", 10 },
    };

    [Fact]
    public void EveryCatalogProcessIsCovered() =>
        Assert.All(ProcessCatalog.Entries, e => Assert.Contains(Processes, row => ((string)row[0]).Split(':')[0] == e.Name));

    [Theory]
    [MemberData(nameof(Processes))]
    public void BlockEntropiesAreThoseOfEveryWord(string spec, int depth)
    {
        var process = ProcessCatalog.Parse(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        for (int l = 0; l <= depth; l++)
            Assert.Equal(BlockEntropyByEnumeration(process, l), r.BlockEntropyBits[l], 10);
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public void DistinctBeliefsAreThoseOfEveryWord(string spec, int depth)
    {
        var process = ProcessCatalog.Parse(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        var levels = Enumerate(process, depth);
        for (int l = 0; l <= depth; l++)
        {
            Assert.Equal(levels[l].Select(b => Key(b.Eta)).Distinct().Count(), r.UniqueBeliefsAtDepth[l]);
            Assert.Equal(levels[l].Select(b => Key(NextToken(process, b.Eta))).Distinct().Count(), r.UniqueNextTokenDistributionsAtDepth[l]);
        }
        Assert.Equal(levels.SelectMany(level => level).Select(b => Key(b.Eta)).Distinct().Count(), r.TotalUniqueBeliefs);

        static string Key(double[] v) => string.Join(",", v.Select(x => (Math.Round(x, 7) + 0.0).ToString("F7")));
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public void BeliefDimensionsAreThoseOfAWeightedPcaOfEveryPrefix(string spec, int depth)
    {
        // Pooled over L = 1…depth, each length weighing 1 (its probabilities sum to 1): C = Σ pηηᵀ/depth − η̄η̄ᵀ.
        var process = ProcessCatalog.Parse(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        int n = process.StateCount;
        var pooled = Enumerate(process, depth).Skip(1).SelectMany(level => level).ToArray();
        var mean = Vector<double>.Build.Dense(n);
        var second = Matrix<double>.Build.Dense(n, n);
        foreach (var (p, eta) in pooled)
        {
            var v = Vector<double>.Build.DenseOfArray(eta);
            mean += p / depth * v;
            second += p / depth * v.OuterProduct(v);
        }
        var variances = (second - mean.OuterProduct(mean)).Evd(Symmetricity.Symmetric).EigenValues
            .Select(e => Math.Max(0, e.Real)).OrderDescending().ToArray();
        double total = variances.Sum();
        if (total < 1e-15) // beliefs that never move (a one-state process) have no principal directions
        {
            Assert.Null(r.BeliefExplainedVariance);
            return;
        }
        var cumulative = variances.Select((_, k) => variances.Take(k + 1).Sum() / total).ToArray();
        Assert.Equal(cumulative, r.BeliefExplainedVariance!, new Within(1e-8));
        int[] expected = [.. new[] { 0.8, 0.9, 0.95, 0.99 }.Select(f => Array.FindIndex(cumulative, c => c >= f - 1e-9) + 1)];
        if (expected.Zip(r.BeliefDimensionsAt!).All(d => d.First == d.Second)) return;
        // A cumulative fraction within round-off of a threshold may fall on either side of it.
        Assert.Contains(cumulative, c => new[] { 0.8, 0.9, 0.95, 0.99 }.Any(f => Math.Abs(c - f) < 1e-8));
    }

    /// <summary>The beliefs η (η·τ = 1) and probabilities of the words of each length 0…depth that have positive probability.</summary>
    private static List<(double P, double[] Eta)>[] Enumerate(HiddenMarkovProcess process, int depth)
    {
        // A generalized HMM's probabilities are differences with round-off around 0: below 1e-12 a token is impossible.
        double impossible = process.IsHmm ? 0 : 1e-12;
        int n = process.StateCount;
        var tau = process.RightEigenvector.ToArray();
        var levels = new List<(double P, double[] Eta)>[depth + 1];
        levels[0] = [(1, process.Stationary.ToArray())];
        for (int l = 1; l <= depth; l++)
        {
            levels[l] = [];
            foreach (var (p, eta) in levels[l - 1])
                for (int x = 0; x < process.TokenCount; x++)
                {
                    var next = new double[n];
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) next[j] += eta[i] * process[x, i, j];
                    double q = next.Zip(tau, (a, b) => a * b).Sum();
                    if (q <= impossible) continue;
                    levels[l].Add((p * q, next.Select(v => v / q).ToArray()));
                }
        }
        return levels;
    }

    private static double[] NextToken(HiddenMarkovProcess process, double[] eta) =>
        Enumerable.Range(0, process.TokenCount).Select(x =>
        {
            double q = 0;
            for (int i = 0; i < process.StateCount; i++)
                for (int j = 0; j < process.StateCount; j++) q += eta[i] * process[x, i, j] * process.RightEigenvector[j];
            return q;
        }).ToArray();
}
