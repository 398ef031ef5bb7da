using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using CsCheck;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Beliefs;

/// <summary>
/// The belief operations from a given state, normalised or not: P(x | η) = η T⁽ˣ⁾τ / (ητ),
/// P(w | η) = η T⁽ʷ¹⁾ ⋯ T⁽ʷᴸ⁾ τ / (ητ), η' = η T⁽ˣ⁾ / (η T⁽ˣ⁾ τ); by hand and by sums over state paths.
/// </summary>
public class BeliefOperationsTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(3.7)]
    [InlineData(1e-3)]
    public void GoldenMeanByHand(double scale)
    {
        // A –1 (p)→ B, A –0 (1−p)→ A, B –0→ A. From η = (a, b): P(1 | η) = a p, P(0 | η) = a(1−p) + b; a 0 always
        // leads to A, so P(0 1 | η) = (a(1−p) + b) p and the belief after 0 is (1, 0).
        const double p = 0.3, a = 0.8, b = 0.2;
        var process = ProcessCatalog.Parse($"golden_mean:p={p}");
        double[] eta = [scale * a, scale * b];
        Assert.Equal(a * p, BeliefUpdate.TokenProbability(process, eta, 1), 14);
        var next = new double[2];
        BeliefUpdate.NextTokenDistribution(process, eta, next);
        Assert.Equal([a * (1 - p) + b, a * p], next, new Within(1e-14));
        Assert.Equal((a * (1 - p) + b) * p, BeliefUpdate.Probability(process, eta, [0, 1]), 14);
        Assert.Equal(0, BeliefUpdate.Probability(process, eta, [1, 1]));
        Assert.Equal(a * (1 - p) + b, BeliefUpdate.Update(process, eta, 0, next), 14);
        Assert.Equal([1, 0], next, new Within(1e-15));
        Assert.Equal(1, BeliefUpdate.Probability(process, eta, []));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.7)]
    public void EvenProcessByHand(double scale)
    {
        // A –0 (1−p)→ A, A –1 (p)→ B, B –1→ A. From η = (a, b): P(1 | η) = a p + b, η' after 1 = (b, a p)/(a p + b),
        // then P(1 | η') = (b p + a p)/(a p + b), so P(1 1 | η) = p(a + b) = p.
        const double p = 0.6, a = 0.35, b = 0.65;
        var process = ProcessCatalog.Parse($"even:p={p}");
        double[] eta = [scale * a, scale * b];
        Assert.Equal(a * p + b, BeliefUpdate.TokenProbability(process, eta, 1), 14);
        var next = new double[2];
        Assert.Equal(a * p + b, BeliefUpdate.Update(process, eta, 1, next), 14);
        Assert.Equal([b / (a * p + b), a * p / (a * p + b)], next, new Within(1e-14));
        Assert.Equal(p, BeliefUpdate.Probability(process, eta, [1, 1]), 14);
        Assert.Equal(Math.Log(p), BeliefUpdate.LogProbability(process, eta, [1, 1]), 14);
        Assert.Equal(next, BeliefUpdate.After(process, eta, [1]), new Within(1e-14));
    }

    [Theory]
    [InlineData("mess3", 1.0)]
    [InlineData("mess3:x=0.15,a=0.6", 3.7)]
    [InlineData("rrxor", 3.7)]
    [InlineData("noisy", 3.7)]
    public void AgreeWithSumsOverStatePaths(string spec, double scale)
    {
        var process = spec == "noisy" ? NoisyTwoState() : ProcessCatalog.Parse(spec);
        int n = process.StateCount, v = process.TokenCount;
        var random = new Random(5);
        for (int trial = 0; trial < 4; trial++)
        {
            var eta = Enumerable.Range(0, n).Select(_ => scale * random.NextDouble()).ToArray();
            var distribution = new double[v];
            BeliefUpdate.NextTokenDistribution(process, eta, distribution);
            var next = new double[n];
            for (int x = 0; x < v; x++)
            {
                Assert.Equal(ByPaths(process, eta, [x]).Probability, distribution[x], 1e-14);
                Assert.Equal(distribution[x], BeliefUpdate.TokenProbability(process, eta, x), 1e-14);
                double px = BeliefUpdate.Update(process, eta, x, next);
                Assert.Equal(distribution[x], px, 1e-14);
                if (px > 0) Assert.Equal(ByPaths(process, eta, [x]).Posterior, next, new Within(1e-13));
            }
            Assert.Equal(1, distribution.Sum(), 1e-14);
            foreach (var word in Words(v, 3))
            {
                var (probability, posterior) = ByPaths(process, eta, word);
                Assert.Equal(probability, BeliefUpdate.Probability(process, eta, word), 1e-14);
                if (probability > 0) Assert.Equal(posterior, BeliefUpdate.After(process, eta, word), new Within(1e-12));
            }
        }
    }

    [Fact]
    public void GeneralizedPresentationGivesTheSameProbabilitiesFromTheSameState()
    {
        // T'⁽ˣ⁾ = S⁻¹ T⁽ˣ⁾ S with S = [[1, 1], [1, −1]], so the HMM state η is η' = ηS there, with η'τ' = ητ.
        var hmm = ProcessCatalog.Parse("golden_mean:p=0.4");
        var similar = GeneralizedGoldenMean();
        double[] eta = [3.7 * 0.3, 3.7 * 0.7];
        double[] etaS = [eta[0] + eta[1], eta[0] - eta[1]];
        foreach (var word in Words(2, 3))
            Assert.Equal(BeliefUpdate.Probability(hmm, eta, word), BeliefUpdate.Probability(similar, etaS, word), 13);
    }

    [Fact]
    public void WordProbabilitiesFromAnyStateAreConsistent()
    {
        // Σ_x P(w x | η) = P(w | η), P(w x | η) = P(w | η) P(x | η after w), and scaling η changes nothing.
        RandomHmm.Sample(process =>
        {
            int n = process.StateCount, v = process.TokenCount;
            var eta = Enumerable.Range(0, n).Select(i => 0.1 + (i * 0.37) % 1).ToArray();
            var scaled = eta.Select(e => 3.7 * e).ToArray();
            var next = new double[v];
            foreach (var word in Words(v, 2))
            {
                double pw = BeliefUpdate.Probability(process, eta, word);
                Assert.Equal(pw, BeliefUpdate.Probability(process, scaled, word), 1e-14);
                double sum = 0;
                for (int x = 0; x < v; x++) sum += BeliefUpdate.Probability(process, eta, [.. word, x]);
                Assert.Equal(pw, sum, 1e-14);
                BeliefUpdate.NextTokenDistribution(process, BeliefUpdate.After(process, scaled, word), next);
                for (int x = 0; x < v; x++)
                    Assert.Equal(BeliefUpdate.Probability(process, eta, [.. word, x]), pw * next[x], 1e-14);
            }
        }, iter: 50);
    }

    [Fact]
    public void AStateWithoutPositiveNormalisationIsRefused()
    {
        var process = ProcessCatalog.Parse("golden_mean");
        Assert.Throws<ArgumentException>(() => BeliefUpdate.TokenProbability(process, [0.0, 0.0], 0));
        Assert.Throws<ArgumentException>(() => BeliefUpdate.Probability(process, [-1.0, 0.0], [0]));
    }

    /// <summary>A non-unifilar two-state HMM: each state emits its own name with probability 0.9 and flips with 0.2.</summary>
    private static HiddenMarkovProcess NoisyTwoState()
    {
        double[,] zero = { { 0.9 * 0.8, 0.9 * 0.2 }, { 0.1 * 0.2, 0.1 * 0.8 } };
        double[,] one = { { 0.1 * 0.8, 0.1 * 0.2 }, { 0.9 * 0.2, 0.9 * 0.8 } };
        return new HiddenMarkovProcess("noisy", ["0", "1"], ["A", "B"], [zero, one]);
    }

    /// <summary>
    /// P(w | η) = Σ over state paths s₀…s_L of η(s₀)/Ση · Πₜ T⁽ʷᵗ⁾[sₜ₋₁, sₜ], and the posterior of s_L.
    /// </summary>
    private static (double Probability, double[] Posterior) ByPaths(HiddenMarkovProcess p, double[] eta, int[] word)
    {
        int n = p.StateCount, length = word.Length;
        double total = eta.Sum();
        var posterior = new double[n];
        foreach (var path in Words(n, length + 1))
        {
            double weight = eta[path[0]] / total;
            for (int t = 0; t < length && weight > 0; t++) weight *= p[word[t], path[t], path[t + 1]];
            posterior[path[length]] += weight;
        }
        double probability = posterior.Sum();
        return (probability, probability > 0 ? posterior.Select(x => x / probability).ToArray() : posterior);
    }
}
