using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Theory;

/// <summary>Two independent computations of the same quantity that must agree.</summary>
public class AgreementTests
{
    public static TheoryData<string, int> Processes => new()
    {
        { "mess3", 7 }, { "mess3:x=0.15,a=0.6", 6 }, { "rrxor", 9 }, { "rrxor:p1=0.3,p2=0.8", 8 }, { "z1r", 9 },
        { "golden_mean:p=0.3", 10 }, { "even:p=0.6", 10 }, { "golden_mean*z1r", 5 },
    };

    [Theory]
    [MemberData(nameof(Processes))]
    public void BlockEntropiesByEnumerationEqualThoseThroughMergedBeliefs(string spec, int depth)
    {
        var process = ProcessCatalog.Resolve(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        for (int l = 0; l <= depth; l++)
            Assert.Equal(BlockEntropyByEnumeration(process, l), r.BlockEntropyBits[l], 10);
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public void DistinctBeliefCountsMatchNaiveRounding(string spec, int depth)
    {
        // Naive reference: belief of every positive-probability word, rounded to 7 decimals, as strings.
        var process = ProcessCatalog.Resolve(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        var all = new HashSet<string>();
        var allNext = new HashSet<string>();
        for (int l = 0; l <= depth; l++)
        {
            var level = new HashSet<string>();
            var levelNext = new HashSet<string>();
            foreach (var word in Words(process.TokenCount, l).Where(w => WordProbability(process, w) > 0))
            {
                var belief = BeliefUpdate.After(process, word);
                var next = new double[process.TokenCount];
                BeliefUpdate.NextTokenDistribution(process, belief, next);
                level.Add(Key(belief));
                levelNext.Add(Key(next));
            }
            Assert.Equal(level.Count, r.UniqueBeliefsAtDepth[l]);
            Assert.Equal(levelNext.Count, r.UniqueNextTokenDistributionsAtDepth[l]);
            all.UnionWith(level);
            allNext.UnionWith(levelNext);
        }
        Assert.Equal(all.Count, r.TotalUniqueBeliefs);
        Assert.Equal(allNext.Count, r.TotalUniqueNextTokenDistributions);

        static string Key(double[] v) => string.Join(",", v.Select(x => Math.Round(x, 7).ToString("F7")));
    }

    [Theory]
    [InlineData("mess3", 5)]
    [InlineData("rrxor", 6)]
    [InlineData("even", 6)]
    public void BeliefUpdateEqualsBayesOverStatePaths(string spec, int length)
    {
        var process = ProcessCatalog.Resolve(spec);
        foreach (var word in Words(process.TokenCount, length).Where(w => WordProbability(process, w) > 0).Take(200))
        {
            var belief = BeliefUpdate.After(process, word);
            var bayes = PosteriorByPaths(process, word);
            for (int s = 0; s < process.StateCount; s++) Assert.Equal(bayes[s], belief[s], 12);
            Assert.Equal(WordProbability(process, word), BeliefUpdate.Probability(process, word), 14);
        }
    }

    [Theory]
    [InlineData("golden_mean:p=0.4")]
    [InlineData("even:p=0.5")]
    [InlineData("rrxor")]
    [InlineData("z1r")]
    public void StatisticalComplexityOfAMinimalUnifilarPresentationIsTheEntropyOfPi(string spec)
    {
        var process = ProcessCatalog.Resolve(spec);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 4));
        Assert.Equal(Information.Entropy(process.Stationary), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(process.StateCount, r.CausalStates);
    }

    [Fact]
    public void RedundantStatesAreMergedIntoTheEpsilonMachine()
    {
        // Golden mean with state A split into two identical copies A1, A2 (each receives half the inflow):
        // a non-minimal unifilar presentation whose ε-machine is the 2-state golden mean.
        double p = 0.4;
        var zero = new double[3, 3];
        var one = new double[3, 3];
        zero[0, 1] = 1 - p; one[0, 2] = p;   // A1
        zero[1, 0] = 1 - p; one[1, 2] = p;   // A2
        zero[2, 0] = 1;                      // B
        var split = new HiddenMarkovProcess("split golden mean", ["0", "1"], ["A1", "A2", "B"], [zero, one]);
        var golden = ProcessTheory.Compute(ProcessCatalog.Parse($"golden_mean:p={p}"), new TheoryOptions(Depth: 6));
        var r = ProcessTheory.Compute(split, new TheoryOptions(Depth: 6));
        Assert.Equal(2, r.CausalStates);
        Assert.Equal(golden.StatisticalComplexityBits!.Value, r.StatisticalComplexityBits!.Value, 12);
        Assert.True(Information.Entropy(split.Stationary) > r.StatisticalComplexityBits + 0.1);
        Assert.Equal(golden.BlockEntropyBits, r.BlockEntropyBits, new Within(1e-12));
    }

    [Fact]
    public void NonUnifilarPresentationOfAFiniteProcessFindsItsEpsilonMachineThroughTheMsp()
    {
        // The golden mean presented with a redundant non-unifilar split of state A into A1, A2 that
        // token 0 enters at random: its MSP has a finite recurrent part, the golden-mean ε-machine.
        double p = 0.3;
        var zero = new double[3, 3];
        var one = new double[3, 3];
        zero[0, 0] = (1 - p) / 2; zero[0, 1] = (1 - p) / 2; one[0, 2] = p;
        zero[1, 0] = (1 - p) / 2; zero[1, 1] = (1 - p) / 2; one[1, 2] = p;
        zero[2, 0] = 0.5; zero[2, 1] = 0.5;
        var process = new HiddenMarkovProcess("nonunifilar golden mean", ["0", "1"], ["A1", "A2", "B"], [zero, one]);
        Assert.False(process.IsUnifilar);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 5));
        Assert.Equal(2, r.CausalStates);
        Assert.Equal(H(1 / (1 + p), p / (1 + p)), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(H(p, 1 - p) / (1 + p), r.EntropyRateBits, 12);
    }

    [Fact]
    public void MergedAndUnmergedPresentationsAgree()
    {
        var process = ProcessCatalog.Parse("rrxor");
        var merged = MixedStatePresentation.Build(process, 8);
        var tree = MixedStatePresentation.Build(process, 8, new MspOptions(Merge: false));
        for (int l = 0; l <= 8; l++)
        {
            Assert.Equal(merged.Levels[l].DistinctBeliefs, tree.Levels[l].DistinctBeliefs);
            Assert.Equal(merged.Levels[l].Probabilities.ToArray().Sum(), tree.Levels[l].Probabilities.ToArray().Sum(), 12);
            Assert.True(tree.Levels[l].NodeCount >= merged.Levels[l].NodeCount);
            // Each tree node is one word: its probability and belief are those of the word.
            for (int k = 0; k < tree.Levels[l].NodeCount; k++)
            {
                var word = tree.Word(l, k);
                Assert.Equal(WordProbability(process, word), tree.Levels[l].Probabilities[k], 13);
                Assert.Equal(BeliefUpdate.After(process, word), tree.Belief(l, k).ToArray(), new Within(1e-12));
            }
        }
        // One tree node per word of positive probability (RRXOR forbids many: the third bit is the XOR).
        for (int l = 0; l <= 8; l++)
            Assert.Equal(Words(2, l).Count(w => WordProbability(process, w) > 0), tree.Levels[l].NodeCount);
    }

    [Fact]
    public void ProductProcessesAddTheirEntropies()
    {
        // Independent components: H, h_μ, E and C_μ add.
        var a = ProcessTheory.Compute(ProcessCatalog.Parse("golden_mean:p=0.3"), new TheoryOptions(Depth: 6));
        var b = ProcessTheory.Compute(ProcessCatalog.Parse("even:p=0.6"), new TheoryOptions(Depth: 6));
        var ab = ProcessTheory.Compute(ProcessCatalog.Resolve("golden_mean:p=0.3*even:p=0.6"), new TheoryOptions(Depth: 6));
        for (int l = 0; l <= 6; l++) Assert.Equal(a.BlockEntropyBits[l] + b.BlockEntropyBits[l], ab.BlockEntropyBits[l], 11);
        Assert.Equal(a.EntropyRateBits + b.EntropyRateBits, ab.EntropyRateBits, 12);
        Assert.Equal(a.StatisticalComplexityBits!.Value + b.StatisticalComplexityBits!.Value, ab.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(a.ExcessEntropyBits + b.ExcessEntropyBits, ab.ExcessEntropyBits, 8);
        Assert.Equal(4, ab.Tokens.Count);
        Assert.Equal("(0,1)", ab.Tokens[1]);
    }

    [Fact]
    public void DeepRrxorThroughMergedBeliefsStaysExact()
    {
        // h(L) through merged beliefs at L = 1000: the finite MSP keeps each level small.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("rrxor"), new TheoryOptions(Depth: 1000));
        Assert.Equal(1001, r.BlockEntropyBits.Count);
        Assert.Equal(2.0 / 3, r.MyopicEntropyBits[999], 12);
        Assert.Equal(36, r.TotalUniqueBeliefs);
        Assert.True(r.UniqueBeliefsAtDepth.Max() <= 36);
        // H(L) = E + L h_μ once synchronized.
        Assert.Equal(r.ExcessEntropyBits + 1000 * r.EntropyRateBits, r.BlockEntropyBits[1000], 9);
    }
}
