using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using CsCheck;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Theory;

/// <summary>Invariants over random HMMs (CsCheck shrinks any counterexample).</summary>
public class PropertyTests
{
    // Merging beliefs closer than the tolerance (1e-9) moves a belief by up to 1e-9, which moves the
    // entropies computed from it by O(1e-9 · |log₂ η|); strongly contracting random HMMs hit this.
    private const double MergeSlack = 1e-8;

    [Fact]
    public void BeliefsStayInTheSimplex() =>
        RandomHmm.Sample(process =>
        {
            var msp = MixedStatePresentation.Build(process, 5);
            for (int id = 0; id < msp.Graph.Count; id++)
            {
                var belief = msp.Graph.Belief(id);
                Assert.All(belief.ToArray(), b => Assert.InRange(b, 0, 1));
                Assert.Equal(1, belief.ToArray().Sum(), 12);
            }
        }, iter: 200);

    [Fact]
    public void WordProbabilitiesOfEachLengthSumToOne() =>
        RandomHmm.Sample(process =>
        {
            for (int l = 1; l <= 4; l++)
                Assert.Equal(1, Words(process.TokenCount, l).Sum(w => BeliefUpdate.Probability(process, w)), 12);
            var msp = MixedStatePresentation.Build(process, 5);
            foreach (var level in msp.Levels) Assert.Equal(1, level.Probabilities.ToArray().Sum(), 12);
        }, iter: 200);

    [Fact]
    public void BlockEntropyIsNonDecreasingAndConcave() =>
        RandomHmm.Sample(process =>
        {
            // h(L) = H(L) − H(L−1) ≥ 0 and non-increasing (conditioning reduces entropy): H is concave.
            var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 6));
            var h = r.MyopicEntropyBits;
            for (int l = 0; l < h.Count; l++) Assert.True(h[l] >= -1e-12);
            for (int l = 1; l < h.Count; l++) Assert.True(h[l] <= h[l - 1] + MergeSlack, $"h({l + 1}) = {h[l]} > h({l}) = {h[l - 1]}");
            Assert.True(r.EntropyRateBits <= h[^1] + MergeSlack, $"h_μ {r.EntropyRateBits} > h(6) {h[^1]}");
            Assert.True(r.ExcessEntropyBits >= -1e-9, $"E {r.ExcessEntropyBits}");
        }, iter: 200);

    [Fact]
    public void SynchronizationNeverIncreases() =>
        RandomHmm.Sample(process =>
        {
            var s = ProcessTheory.Compute(process, new TheoryOptions(Depth: 6)).SynchronizationBits!;
            Assert.Equal(Information.Entropy(process.Stationary), s[0], 12);
            for (int l = 1; l < s.Count; l++) Assert.True(s[l] <= s[l - 1] + MergeSlack, $"{process.Name}: {string.Join(", ", s)}; {string.Join(" ", Enumerable.Range(0, process.TokenCount).SelectMany(x => process.TokenMatrixArray(x).Cast<double>()))}");
        }, iter: 100);

    [Fact]
    public void LossFloorsAreNonNegativeAndBosFloorStartsAtTheFirstTokenEntropy() =>
        RandomHmm.Sample(process =>
        {
            var r = ProcessTheory.Compute(process, new TheoryOptions(Depth: 4));
            Assert.Equal(Information.BitsToNats(r.BlockEntropyBits[1]), r.LossFloorNatsBos[0], 12);
            Assert.All(r.LossFloorNats, f => Assert.True(f >= -1e-12));
        }, iter: 100);
}
