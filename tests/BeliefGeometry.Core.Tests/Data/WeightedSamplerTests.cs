using BeliefGeometry.Data;

namespace BeliefGeometry.Tests.Data;

public class WeightedSamplerTests
{
    [Fact]
    public void FrequenciesMatchProbabilities()
    {
        double[] weights = [5, 2, 0, 2.5, 0.49, 0.01, 0, 1e-3];
        double total = weights.Sum();
        var sampler = new WeightedSampler(weights, seed: 12345);
        const int draws = 1_000_000;
        var counts = new long[weights.Length];
        var batch = new int[10_000];
        for (int b = 0; b < draws / batch.Length; b++)
        {
            sampler.Fill(batch);
            foreach (int k in batch) counts[k]++;
        }
        for (int k = 0; k < weights.Length; k++)
        {
            if (weights[k] == 0) Assert.Equal(0, counts[k]);
            else DataTestSupport.AssertWithinFiveSigma(counts[k], draws, weights[k] / total, $"index {k}");
        }
    }

    [Fact]
    public void ManyUnequalWeights()
    {
        // 1000 weights spanning six orders of magnitude: every column mixes own outcome and alias.
        var weights = Enumerable.Range(0, 1000).Select(k => Math.Pow(10, -6.0 * k / 999)).ToArray();
        double total = weights.Sum();
        var sampler = new WeightedSampler(weights, seed: 3);
        const int draws = 1_000_000;
        var counts = new long[weights.Length];
        for (int d = 0; d < draws; d++) counts[sampler.Next()]++;
        for (int k = 0; k < weights.Length; k++)
            DataTestSupport.AssertWithinFiveSigma(counts[k], draws, weights[k] / total, $"index {k}");
    }

    [Fact]
    public void SameSeedSameDrawsDifferentSeedDifferentDraws()
    {
        double[] weights = [1, 2, 3, 4];
        int[] Draw(ulong seed) { var a = new int[1000]; new WeightedSampler(weights, seed).Fill(a); return a; }
        Assert.Equal(Draw(1), Draw(1));
        Assert.NotEqual(Draw(1), Draw(2));
    }

    [Fact]
    public void StateRestoresTheStream()
    {
        var sampler = new WeightedSampler([1, 1, 1], seed: 9);
        for (int k = 0; k < 17; k++) sampler.Next();
        var state = sampler.GetRandomState();
        var first = Enumerable.Range(0, 100).Select(_ => sampler.Next()).ToArray();
        sampler.SetRandomState(state);
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => sampler.Next()).ToArray());
    }

    [Fact]
    public void GeneratorMatchesTheReferenceXoshiro256StarStar()
    {
        // Reference values from an independent implementation of SplitMix64 seeding + xoshiro256** (seed 42).
        var random = new Xoshiro256StarStar(42);
        Assert.Equal(0x15780b2e0c2ec716UL, random.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, random.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, random.NextUInt64());
    }

    [Fact]
    public void RejectsBadWeights()
    {
        Assert.Throws<ArgumentException>(() => new WeightedSampler([1, -1], 0));
        Assert.Throws<ArgumentException>(() => new WeightedSampler([0, 0], 0));
        Assert.Throws<ArgumentException>(() => new WeightedSampler([1, double.NaN], 0));
        Assert.Throws<ArgumentException>(() => new WeightedSampler([], 0));
    }
}
