using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Beliefs;

public class LongWordTests
{
    [Fact]
    public void LogProbabilityOfA10000TokenWordIsFiniteAndMatchesRescaledProducts()
    {
        var process = ProcessCatalog.Parse("mess3");
        var word = Sample(process, 10_000, seed: 7);

        // The plain product underflows to 0 long before 10,000 tokens …
        Assert.Equal(0, TestSupport.WordProbability(process, word));
        // … while the renormalized belief update keeps the exact log-probability.
        double log = BeliefUpdate.LogProbability(process, word);
        Assert.True(double.IsFinite(log));

        // Independent check: products of the unnormalized row vector, rescaled every 50 tokens.
        int n = process.StateCount;
        var row = process.Stationary.ToArray();
        double logScale = 0;
        for (int t = 0; t < word.Length; t++)
        {
            var next = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) next[j] += row[i] * process[word[t], i, j];
            row = next;
            if (t % 50 == 49)
            {
                double s = row.Sum();
                logScale += Math.Log(s);
                row = row.Select(r => r / s).ToArray();
            }
        }
        Assert.Equal(logScale + Math.Log(row.Sum()), log, 8);
        // About h_μ·ln 2 nats per token (Mess3's h_μ ≈ 1.1447 bits).
        Assert.InRange(-log / word.Length, 0.7, 0.85);

        var belief = BeliefUpdate.After(process, word);
        Assert.All(belief, b => Assert.InRange(b, 0, 1));
        Assert.Equal(1, belief.Sum(), 12);
    }

    [Fact]
    public void ImpossibleWordHasLogProbabilityMinusInfinity()
    {
        var process = ProcessCatalog.Parse("golden_mean");
        Assert.Equal(double.NegativeInfinity, BeliefUpdate.LogProbability(process, [1, 1]));
        Assert.Throws<ArgumentException>(() => BeliefUpdate.After(process, [0, 1, 1]));
    }

    /// <summary>Samples a word by walking the hidden states from π (independent of the belief code).</summary>
    private static int[] Sample(HiddenMarkovProcess process, int length, int seed)
    {
        var random = new Random(seed);
        int n = process.StateCount, v = process.TokenCount;
        int state = Draw(random, process.Stationary.ToArray());
        var word = new int[length];
        for (int t = 0; t < length; t++)
        {
            var weights = new double[v * n];
            for (int x = 0; x < v; x++)
                for (int j = 0; j < n; j++) weights[x * n + j] = process[x, state, j];
            int pick = Draw(random, weights);
            word[t] = pick / n;
            state = pick % n;
        }
        return word;
    }

    private static int Draw(Random random, double[] weights)
    {
        double u = random.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Length - 1;
    }
}
