using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Theory;

/// <summary>Quantities derived by hand for processes simple enough to do so.</summary>
public class ClosedFormTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void GoldenMean(double p)
    {
        // A –1 (p)→ B, A –0 (1−p)→ A, B –0→ A: π = (1, p)/(1+p); h_μ = π_A H(p); C_μ = H(π);
        // order-1 Markov, so E = H(1) − h_μ with P(1) = π_A p.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse($"golden_mean:p={p}"), new TheoryOptions(Depth: 8));
        double piA = 1 / (1 + p);
        Assert.Equal(piA, r.Stationary[0], 12);
        Assert.Equal(H(p, 1 - p) / (1 + p), r.EntropyRateBits, 12);
        Assert.Equal(H(piA, 1 - piA), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(H(piA * p, 1 - piA * p) - H(p, 1 - p) / (1 + p), r.ExcessEntropyBits, 10);
        Assert.True(r.EntropyRateExact && r.ExcessEntropyExact);
        Assert.Equal(2, r.CausalStates);
        // Markov order 1: h(L) = h_μ from L = 2 on.
        for (int l = 2; l <= 8; l++) Assert.Equal(r.EntropyRateBits, r.MyopicEntropyBits[l - 1], 12);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void EvenProcess(double p)
    {
        // A –0 (1−p)→ A, A –1 (p)→ B, B –1→ A: π = (1, p)/(1+p), h_μ = H(p)/(1+p), C_μ = H(π).
        // The future determines the state (parity of the run of 1s before a 0), so E = C_μ.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse($"even:p={p}"), new TheoryOptions(Depth: 8));
        double piA = 1 / (1 + p);
        Assert.Equal(H(p, 1 - p) / (1 + p), r.EntropyRateBits, 12);
        Assert.Equal(H(piA, 1 - piA), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(H(piA, 1 - piA), r.ExcessEntropyBits, 9);
        Assert.True(r.ExcessEntropyExact);
        // Infinite Markov order: h(L) is still above h_μ at L = 8.
        Assert.True(r.MyopicEntropyBits[7] > r.EntropyRateBits + 1e-6);
    }

    [Fact]
    public void Z1rIsPeriodThreeWithOneRandomBit()
    {
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("z1r"), new TheoryOptions(Depth: 6));
        Assert.Equal(1.0 / 3, r.EntropyRateBits, 12);
        Assert.Equal(Math.Log2(3), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(Math.Log2(3), r.ExcessEntropyBits, 10); // phase is read off the future
        Assert.Equal(1.0, r.BlockEntropyBits[1], 12);         // P(1) = 1/2
        Assert.Equal([1.584962500721156, 0.918295834054489, 1.0 / 3, 0, 0, 0, 0], r.SynchronizationBits!, new Within(1e-12));
    }

    [Fact]
    public void RrxorMatchesPublishedValues()
    {
        // Two fair bits then their XOR: h_μ = 2/3 bit per symbol; 5 causal states with π = (1/3, 1/6 ×4).
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("rrxor"), new TheoryOptions(Depth: 10));
        Assert.Equal(2.0 / 3, r.EntropyRateBits, 12);
        Assert.Equal(H(1.0 / 3, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6), r.StatisticalComplexityBits!.Value, 12);
        Assert.Equal(5, r.CausalStates);
        Assert.Equal(1.0, r.MyopicEntropyBits[0], 12);
        Assert.Equal(1.0, r.MyopicEntropyBits[1], 12); // the second token is still a fair coin
        Assert.Equal(36, r.TotalUniqueBeliefs);
    }

    [Fact]
    public void Mess3StationaryDistributionIsUniformBySymmetry()
    {
        // Mess3 is invariant under relabelling states and tokens together, so π = (1/3, 1/3, 1/3)
        // and the first token is uniform: H(1) = log₂ 3.
        var process = ProcessCatalog.Parse("mess3:x=0.05,a=0.85");
        foreach (double pi in process.Stationary) Assert.Equal(1.0 / 3, pi, 14);
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 10));
        Assert.Equal(Math.Log2(3), r.BlockEntropyBits[1], 12);
        Assert.Equal(Enumerable.Range(0, 11).Select(l => (int)Math.Pow(3, l)), r.UniqueBeliefsAtDepth);
        Assert.Equal(88_573, r.TotalUniqueBeliefs);
        Assert.Null(r.StatisticalComplexityBits);
        Assert.False(r.EntropyRateExact);
        Assert.NotEmpty(r.Notes);
    }

    [Fact]
    public void TwoStateNoisyChannelBeliefsByHand()
    {
        // States A, B; stay with probability 1−q, switch with q; on arrival in state j emit j's symbol with
        // probability 1−e, the other with e: T⁽ˣ⁾[i, j] = M[i, j] E[j, x]. From π = (½, ½):
        // η(0) = (1−e, e); η(00) ∝ ((1−e)(1−q) + e q)(1−e), ((1−e) q + e(1−q)) e.
        double q = 0.1, e = 0.2;
        double[,] m = { { 1 - q, q }, { q, 1 - q } };
        var t0 = new double[2, 2];
        var t1 = new double[2, 2];
        for (int i = 0; i < 2; i++)
        {
            t0[i, 0] = m[i, 0] * (1 - e); t1[i, 0] = m[i, 0] * e;
            t0[i, 1] = m[i, 1] * e; t1[i, 1] = m[i, 1] * (1 - e);
        }
        var process = new HiddenMarkovProcess("channel", ["0", "1"], ["A", "B"], [t0, t1]);
        Assert.Equal(0.5, process.Stationary[0], 14);
        var once = BeliefGeometry.Beliefs.BeliefUpdate.After(process, [0]);
        Assert.Equal(1 - e, once[0], 14);
        var twice = BeliefGeometry.Beliefs.BeliefUpdate.After(process, [0, 0]);
        double a = ((1 - e) * (1 - q) + e * q) * (1 - e), b = ((1 - e) * q + e * (1 - q)) * e;
        Assert.Equal(a / (a + b), twice[0], 14);
        Assert.Equal(0.5 * ((1 - e) * (1 - q) + e * q) * (1 - e) + 0.5 * ((1 - e) * q + e * (1 - q)) * e,
            BeliefGeometry.Beliefs.BeliefUpdate.Probability(process, [0, 0]), 14);
        // Not unifilar (a token can lead to either state) and its beliefs never repeat: no finite ε-machine.
        var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 8));
        Assert.False(process.IsUnifilar);
        Assert.Null(r.StatisticalComplexityBits);
    }

    [Fact]
    public void LossFloorsHandleTheBosOffByOne()
    {
        // Without BOS, position t has seen t+1 tokens: floor h(t+2)·ln 2. With BOS at 0 it has seen t: h(t+1)·ln 2.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("rrxor"), new TheoryOptions(Depth: 5));
        Assert.Equal(5, r.LossFloorNats.Count);
        Assert.Equal(5, r.LossFloorNatsBos.Count);
        for (int t = 0; t < 4; t++)
        {
            Assert.Equal(r.MyopicEntropyBits[t + 1] * Math.Log(2), r.LossFloorNats[t], 14);
            Assert.Equal(r.MyopicEntropyBits[t] * Math.Log(2), r.LossFloorNatsBos[t], 14);
        }
        Assert.Equal(Math.Log(2), r.LossFloorNatsBos[0], 14); // first RRXOR token is a fair bit
        Assert.Equal(r.LossFloorNatsBos[1], r.LossFloorNats[0], 14);
    }

    [Fact]
    public void SubnormalParameterGivesFiniteQuantities()
    {
        // 1/p overflows for subnormal p; the belief update divides instead.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("golden_mean:p=1e-320"), new TheoryOptions(Depth: 6));
        Assert.All(r.BlockEntropyBits, h => Assert.True(double.IsFinite(h)));
        Assert.True(double.IsFinite(r.ExcessEntropyBits));
        Assert.Equal(0, r.EntropyRateBits, 12);
    }

    [Fact]
    public void ExcessEntropyStopsOnTheMergingPlateau()
    {
        // A unifilar 2-state process whose MSP from π is infinite (beliefs approach, never reach, the causal
        // states): h_μ is exact, but merging at 1e-9 leaves h(L) − h_μ on a ~1e-8 plateau. The sum must stop
        // there (not run 100,000 levels) and agree with the fine-tolerance value to ~1e-5.
        var zero = new double[,] { { 0.5, 0 }, { 0, 0.9 } };
        var one = new double[,] { { 0, 0.5 }, { 0.1, 0 } };
        var process = new HiddenMarkovProcess("ab", ["0", "1"], ["A", "B"], [zero, one]);
        var fine = ProcessTheory.Compute(process, new TheoryOptions(Depth: 8, Tolerance: 1e-15));
        var coarse = ProcessTheory.Compute(process, new TheoryOptions(Depth: 8));
        Assert.True(fine.ExcessEntropyExact);
        Assert.InRange(coarse.ExcessEntropyDepth, 9, 1000);
        Assert.Equal(fine.ExcessEntropyBits, coarse.ExcessEntropyBits, 5);
        Assert.False(coarse.ExcessEntropyExact);
    }
}
