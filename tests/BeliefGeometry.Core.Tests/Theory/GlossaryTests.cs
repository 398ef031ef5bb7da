using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Theory;

/// <summary>Each function of <see cref="ComputationalMechanics"/> called directly, against closed forms and enumeration.</summary>
public class GlossaryTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    public void GoldenMeanQuantitiesOneByOne(double p)
    {
        // A –1 (p)→ B, A –0 (1−p)→ A, B –0→ A: π = (1, p)/(1+p), P(1) = p/(1+p), h_μ = H(p)/(1+p),
        // C_μ = H(π); Markov order 1, so h(L) = h_μ from L = 2 and E = h(1) − h_μ.
        var process = ProcessCatalog.Parse($"golden_mean:p={p}");
        double piA = 1 / (1 + p), rate = H(p, 1 - p) / (1 + p), h1 = H(piA * p, 1 - piA * p);
        var machine = EpsilonMachine.FromUnifilar(process);
        Assert.Equal(rate, ComputationalMechanics.EntropyRate(machine), 13);
        Assert.Equal(H(piA, 1 - piA), ComputationalMechanics.StatisticalComplexity(machine), 13);

        var msp = MixedStatePresentation.Build(process, 3);
        double[] myopic = [.. msp.Levels.Select(level => ComputationalMechanics.MyopicEntropy(msp, level))];
        Assert.Equal(h1, myopic[0], 13);
        for (int l = 2; l <= 4; l++) Assert.Equal(rate, myopic[l - 1], 12);
        for (int l = 0; l <= 3; l++) Assert.Equal(BlockEntropyByEnumeration(process, l), ComputationalMechanics.BlockEntropies(myopic)[l], 12);

        // H[S | nothing] = H[π]; after one token the state is known (a 1 leads to B, a 0 to A).
        Assert.Equal(H(piA, 1 - piA), ComputationalMechanics.StateUncertainty(msp, msp.Levels[0]), 13);
        Assert.Equal(0, ComputationalMechanics.StateUncertainty(msp, msp.Levels[1]), 13);

        Assert.Equal(h1 - rate, ComputationalMechanics.ExcessEntropy(myopic, rate), 12);
        Assert.Equal(h1 - rate, ComputationalMechanics.TruncatedExcessEntropy(myopic[..2]), 12);

        // Position t has seen t+1 tokens (no BOS) or t (BOS): floors h(t+2)·ln 2 and h(t+1)·ln 2.
        Assert.Equal([rate * Math.Log(2), rate * Math.Log(2)], ComputationalMechanics.LossFloor(myopic, 2, bos: false), new Within(1e-12));
        Assert.Equal([h1 * Math.Log(2), rate * Math.Log(2)], ComputationalMechanics.LossFloor(myopic, 2, bos: true), new Within(1e-12));
    }

    [Fact]
    public void StateUncertaintyOfMess3MatchesBayesOverStatePaths()
    {
        // H[S | X₁…X_L] = Σ_w P(w) H[P(S_L | w)], with the posterior by brute force over all state paths.
        var process = ProcessCatalog.Parse("mess3");
        var msp = MixedStatePresentation.Build(process, 3);
        for (int l = 0; l <= 3; l++)
        {
            double expected = Words(3, l).Sum(w => WordProbability(process, w) * H(PosteriorByPaths(process, w)));
            Assert.Equal(expected, ComputationalMechanics.StateUncertainty(msp, msp.Levels[l]), 12);
        }
    }
}
