using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Theory;

/// <summary>
/// Mess3 with x → 0: the states almost never change, yet the chain is irreducible for any x &gt; 0, so π = ⅓ each
/// by symmetry; and the word statistics tend continuously to those of the x = 0 mixture, where a state is drawn
/// from π once and emits its own token with probability a, each other token with β = (1 − a)/2.
/// </summary>
public class NearlyDecomposableTests
{
    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-17)]
    [InlineData(1e-320)]
    public void Mess3WithTinyXHasUniformStationaryDistribution(double x)
    {
        var process = ProcessCatalog.Parse(FormattableString.Invariant($"mess3:x={x}"));
        foreach (double p in process.Stationary) Assert.Equal(1.0 / 3, p, 15);
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-17)]
    [InlineData(1e-320)]
    public void Mess3WithTinyXTendsToTheMixture(double x)
    {
        const double a = 0.85, beta = (1 - a) / 2;
        const int depth = 5;
        var r = ProcessTheory.Compute(ProcessCatalog.Parse(FormattableString.Invariant($"mess3:x={x},a={a}")),
            new TheoryOptions(Depth: depth));
        // P(w) = ⅓ Σ_s a^{#s in w} β^{L − #s in w} at x = 0.
        double Block(int length) => -Words(3, length).Select(w =>
            Enumerable.Range(0, 3).Sum(s => Math.Pow(a, w.Count(t => t == s)) * Math.Pow(beta, w.Count(t => t != s))) / 3)
            .Sum(q => q * Math.Log2(q));
        Assert.Equal(Math.Log2(3), r.MyopicEntropyBits[0], 12);
        for (int l = 1; l <= depth; l++)
            Assert.Equal(Block(l), r.BlockEntropyBits[l], 9);
        // The ε-machine of Mess3 is infinite for every x > 0: h_μ is not claimed exact.
        Assert.False(r.EntropyRateExact);
        Assert.Null(r.StatisticalComplexityBits);
    }
}
