using BeliefGeometry.Processes;
using static BeliefGeometry.Tests.Processes.CatalogReference;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// The equivalences CATALOG.md states between catalog processes, as equal word laws (the right notion when the
/// presentations' bases differ), and the qubit processes against density-matrix computations.
/// </summary>
public class CatalogEquivalenceTests
{
    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 4.3)]
    [InlineData(1.0, 2.5)]
    [InlineData(2.0, 0.7)]
    [InlineData(0.0, 1.0)]
    public void TomQuantumIsABlochWalkAtTwiceTheAngleOfBetaOverAlpha(double alpha, double beta)
    {
        var tom = ProcessCatalog.Parse($"tom_quantum:alpha={alpha},beta={beta}");
        var walk = ProcessCatalog.Parse($"bloch_walk:measurement_angle={2 * Math.Atan2(beta, alpha)},p_z_axis=0.5");
        AssertSameWordLaw(tom, walk, 5);
    }

    [Fact]
    public void TomQuantumDependsOnlyOnTheRatioOfBetaToAlpha() =>
        AssertSameWordLaw(ProcessCatalog.Parse("tom_quantum:alpha=3e200,beta=6e200"), ProcessCatalog.Parse("tom_quantum:alpha=1,beta=2"), 4);

    [Theory]
    [InlineData(0.9, 0.5)]
    [InlineData(0.4, 0.3)]
    [InlineData(2.5, 0.8)]
    [InlineData(Math.PI / 2, 0.5)]
    public void BlochWalkIsAWeakMeasurementOfAQubit(double theta, double pZ)
    {
        // The basis is (tr, b_x, b_z): y never enters, so the disk suffices.
        var process = ProcessCatalog.Parse($"bloch_walk:measurement_angle={theta},p_z_axis={pZ}");
        AssertQubitInstrument(process, BlochWalkKraus(theta, pZ), 5, [0, 2]);
    }

    [Theory]
    [InlineData(0.7, 1.1)]
    [InlineData(2.0, 0.3)]
    [InlineData(5.0, 4.0)]
    public void QuantumRrxorIsItsKrausInstrument(double phi, double theta)
    {
        var process = ProcessCatalog.Parse($"quantum_rrxor:phi={phi},theta={theta}");
        AssertQubitInstrument(process, QuantumRrxorKraus(phi, theta), 8, [0, 1, 2]);
    }

    [Theory]
    [InlineData(0.7, 0.0)]
    [InlineData(0.7, Math.PI)]
    [InlineData(2.2, 0.0)]
    [InlineData(2.2, Math.PI)]
    public void QuantumRrxorAtThetaZeroOrPiIsATwoStateMess(double phi, double theta)
    {
        double x = Math.Pow(Math.Sin(phi / 2), 2);
        AssertSameWordLaw(ProcessCatalog.Parse($"quantum_rrxor:phi={phi},theta={theta}"), ProcessCatalog.Parse($"mess:x={x},a=1,s=2"), 8);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void QuantumRrxorAtHalfPiIsAFairCoin(double phi)
    {
        var process = ProcessCatalog.Parse($"quantum_rrxor:phi={phi},theta={Math.PI / 2}");
        foreach (var word in AllWords(2, 8))
            Assert.Equal(Math.Pow(0.5, word.Length), WordProbability(process, word), 13);
    }

    [Theory]
    [InlineData(0.05, 0.85)]
    [InlineData(0.15, 0.6)]
    [InlineData(0.5, 0.0)]
    public void MessWithThreeStatesIsMess3(double x, double a)
    {
        var mess = ProcessCatalog.Parse($"mess:x={x},a={a},s=3");
        var mess3 = ProcessCatalog.Parse($"mess3:x={x},a={a}");
        for (int k = 0; k < 3; k++)
            Assert.Equal(mess3.TokenMatrixArray(k), mess.TokenMatrixArray(k));
        AssertSameWordLaw(mess, mess3, 6);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.3, 0.8)]
    [InlineData(0.0, 1.0)]
    public void ChecksumOfTwoBitsIsRrxorWithItsLastTwoStatesSwapped(double p1, double p2)
    {
        // Checksum orders its states S, (1,0), (1,1), (2,0), (2,1) = S, Z, O, F, T; RRXOR orders them S, Z, O, T, F.
        var checksum = ProcessCatalog.Parse($"checksum:probs=[[{p1},{1 - p1}],[{p2},{1 - p2}]]");
        var rrxor = ProcessCatalog.Parse($"rrxor:p1={p1},p2={p2}");
        int[] toRrxor = [0, 1, 2, 4, 3];
        for (int x = 0; x < 2; x++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                    Assert.Equal(rrxor[x, toRrxor[i], toRrxor[j]], checksum[x, i, j], 15);
        AssertSameWordLaw(checksum, rrxor, 10);
    }

    [Theory]
    [InlineData(0.5, 0.5, 0.1)]
    [InlineData(0.3, 0.8, 0.25)]
    [InlineData(0.3, 0.8, 1.0)]
    public void LeakyRrxorMixesRrxorWithTheUniformLeak(double p1, double p2, double epsilon)
    {
        var leaky = ProcessCatalog.Parse($"leaky_rrxor:p1={p1},p2={p2},epsilon={epsilon}");
        var rrxor = ProcessCatalog.Parse($"rrxor:p1={p1},p2={p2}");
        for (int x = 0; x < 2; x++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                    Assert.Equal((1 - epsilon) * rrxor[x, i, j] + epsilon / 10, leaky[x, i, j], 15);
        if (epsilon == 1) // J/10 from every state: independent fair bits
            foreach (var word in AllWords(2, 6))
                Assert.Equal(Math.Pow(0.5, word.Length), WordProbability(leaky, word), 13);
    }

    [Theory]
    [InlineData(Math.E, 0.5)]
    [InlineData(1.5, 0.3)]
    [InlineData(2.7, 0.5)]
    public void MoonIsPostQuantumWithTheLogarithmOfAlpha(double alpha, double beta) =>
        AssertSameWordLaw(ProcessCatalog.Parse($"moon:alpha={alpha},beta={beta}"),
            ProcessCatalog.Parse($"post_quantum:log_alpha={Math.Log(alpha)},beta={beta}"), 6, 1e-11);

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void Z1rIsZeroOneRandomWithAFairBit(double p)
    {
        AssertSameWordLaw(ProcessCatalog.Parse("z1r"), ProcessCatalog.Parse("zero_one_random:p=0.5"), 9);
        // p is the probability that C emits 1 (simplexity's convention): P(0 1 1) = P(phase A)·p = p/3.
        Assert.Equal(p / 3, WordProbability(ProcessCatalog.Parse($"zero_one_random:p={p}"), [0, 1, 1]), 14);
    }

    [Fact]
    public void AliasesNameTheSameProcessesUnderTheirOwnNames()
    {
        Assert.Equal("even:p=0.3", ProcessCatalog.Parse("even:p=0.3").Name);
        Assert.Equal("golden_mean:p=0.5", ProcessCatalog.Parse("golden_mean").Name);
        AssertSameWordLaw(ProcessCatalog.Parse("even:p=0.3"), ProcessCatalog.Parse("even_ones:p=0.3"), 8);
        AssertSameWordLaw(ProcessCatalog.Parse("golden_mean:p=0.3"), ProcessCatalog.Parse("no_consecutive_ones:p=0.3"), 8);
    }
}
