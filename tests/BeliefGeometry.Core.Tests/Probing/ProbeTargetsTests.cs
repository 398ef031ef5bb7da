using BeliefGeometry.Data;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Probing;

public class ProbeTargetsTests
{
    private static PrefixSet Prefixes(string spec, int contextLength, bool bos = false)
    {
        var process = ProcessCatalog.Resolve(spec);
        return PrefixSet.Enumerate(process, new SequenceLayout(contextLength, process.TokenCount, bos));
    }

    [Theory]
    [InlineData("mess3", 5, false)]
    [InlineData("rrxor", 6, false)]
    [InlineData("golden_mean:p=0.4", 5, true)]
    public void NextTokenRowsSumToOneAndNextKMarginalises(string spec, int contextLength, bool bos)
    {
        var prefixes = Prefixes(spec, contextLength, bos);
        int v = prefixes.Process.TokenCount;
        var next = ProbeTargets.NextToken(prefixes);
        var next2 = ProbeTargets.NextTokens(prefixes, 2);
        var next3 = ProbeTargets.NextTokens(prefixes, 3);
        Assert.Equal(v, next.Columns);
        Assert.Equal(v * v * v, next3.Columns);
        for (int i = 0; i < prefixes.Count; i++)
        {
            Assert.Equal(1.0, next.Row(i).ToArray().Sum(), 1e-12);
            Assert.Equal(1.0, next3.Row(i).ToArray().Sum(), 1e-12);
            for (int x = 0; x < v; x++)
            {
                // Σ over the later tokens of P(x, ·, ·) = P(x); Σ over the last token of next-3 = next-2.
                double first = 0;
                for (int rest = 0; rest < v * v; rest++) first += next3.Row(i)[x * v * v + rest];
                Assert.Equal(next.Row(i)[x], first, 1e-12);
                for (int y = 0; y < v; y++)
                {
                    double two = 0;
                    for (int z = 0; z < v; z++) two += next3.Row(i)[(x * v + y) * v + z];
                    Assert.Equal(next2.Row(i)[x * v + y], two, 1e-12);
                }
            }
        }
    }

    [Fact]
    public void NextTwoTokensAgreeWithWordProbabilities()
    {
        var prefixes = Prefixes("rrxor", 4);
        var next2 = ProbeTargets.NextTokens(prefixes, 2);
        int i = prefixes.LevelStart(3) + 2;
        var word = prefixes.Prefix(i).ToArray();
        double p = TestSupport.WordProbability(prefixes.Process, word);
        for (int x = 0; x < 2; x++)
            for (int y = 0; y < 2; y++)
                Assert.Equal(TestSupport.WordProbability(prefixes.Process, [.. word, x, y]) / p, next2.Row(i)[x * 2 + y], 1e-12);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void MarkovBeliefAtOrderAtLeastTheContextIsTheBelief(int m)
    {
        var prefixes = Prefixes("mess3", 6);
        var markov = ProbeTargets.MarkovBelief(prefixes, m);
        var belief = ProbeTargets.Belief(prefixes);
        for (int i = 0; i < belief.Values.Length; i++) Assert.Equal(belief.Values[i], markov.Values[i], 1e-14);
    }

    [Fact]
    public void MarkovBeliefIsTheWeightedMeanOverSharedSuffixes()
    {
        var prefixes = Prefixes("mess3", 4);
        var markov = ProbeTargets.MarkovBelief(prefixes, 1);
        // Every prefix ending in token 0, any length, pooled.
        var rows = Enumerable.Range(0, prefixes.Count).Where(i => prefixes.Prefix(i)[^1] == 0).ToArray();
        double weight = rows.Sum(prefixes.Probability);
        for (int s = 0; s < 3; s++)
        {
            double expected = rows.Sum(i => prefixes.Probability(i) * prefixes.Belief(i)[s]) / weight;
            foreach (int i in rows) Assert.Equal(expected, markov.Row(i)[s], 1e-12);
        }
    }

    [Fact]
    public void LastTokensRegressionReproducesTheMarkovBelief()
    {
        // In-sample R² of η on the one-hot last-m-token features = R² of the Markov-m belief as a predictor of η.
        var prefixes = Prefixes("mess3", 6);
        var w = prefixes.Probabilities.ToArray();
        var belief = ProbeTargets.Belief(prefixes);
        for (int m = 1; m <= 3; m++)
        {
            var features = ProbeTargets.LastTokensOneHot(prefixes, m);
            var regression = new WeightedLinearProbe().Fit(features, belief, w).Score(features, belief, w);
            var markov = ProbeTargets.MarkovBelief(prefixes, m);
            var direct = ProbeMetrics.Score(belief, markov.Values, w, Enumerable.Range(0, prefixes.Count).ToArray());
            Assert.Equal(direct.R2!.Value, regression.R2!.Value, 1e-8);
            Assert.InRange(regression.R2!.Value, 0.05, 0.999);
        }
    }

    [Fact]
    public void BeliefsAsFeaturesGiveRSquaredOne()
    {
        // The beliefs sum to 1, so with the intercept the normal equations are singular: the pseudo-inverse path.
        var prefixes = Prefixes("mess3", 5);
        var w = prefixes.Probabilities.ToArray();
        var belief = ProbeTargets.Belief(prefixes);
        var values = belief.Values.Select(v => (float)v).ToArray();
        var features = new FeatureMatrix("belief", values, 3);
        var score = new WeightedLinearProbe().Fit(features, belief, w).Score(features, belief, w);
        Assert.Equal(1.0, score.R2!.Value, 1e-6);
    }

    [Fact]
    public void NextTokenAloneExplainsPartOfTheRrxorBelief()
    {
        var prefixes = Prefixes("rrxor", 10);
        var w = prefixes.Probabilities.ToArray();
        var belief = ProbeTargets.Belief(prefixes);
        var features = ProbeTargets.NextTokenFeatures(prefixes);
        var r2 = new WeightedLinearProbe().Fit(features, belief, w).Score(features, belief, w).R2!.Value;
        Console.WriteLine($"RRXOR n_ctx 10: {prefixes.Count} prefixes, R² of η on the next-token distribution = {r2:F4}");
        Assert.InRange(r2, 0.0, 0.6);
    }
}
