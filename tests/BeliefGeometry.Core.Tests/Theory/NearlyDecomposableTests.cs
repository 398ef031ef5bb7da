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

    [Fact]
    public void TinyButPositiveCouplingMakesOneClass()
    {
        // T = [[1−a, a], [b, 1−b]] with a = 1e-300, b = 3e-300: irreducible, π = (b, a)/(a + b) = (¾, ¼).
        double a = 1e-300, b = 3e-300;
        var process = new HiddenMarkovProcess("coupled", ["0"], ["A", "B"], [new double[,] { { 1 - a, a }, { b, 1 - b } }]);
        Assert.Equal(0.75, process.Stationary[0], 15);
        Assert.Equal(0.25, process.Stationary[1], 15);
        // Exactly zero coupling leaves two closed classes: refused, naming them.
        var e = Assert.Throws<ProcessException>(() =>
            new HiddenMarkovProcess("split", ["0"], ["A", "B"], [new double[,] { { 1, 0 }, { 0, 1 } }]));
        Assert.Contains("2 stationary distributions, one per closed class of states {A}, {B}", e.Message);
    }
}
