using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Probing;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Processes;

/// <summary>Non-ergodic mixtures: one component per sequence, inferred in context (docs/design.md section 1.11).</summary>
public class MixtureTests
{
    private const string GoldenAndEven = "0.25@golden_mean:p=0.5+0.75@even:p=0.5";

    [Fact]
    public void WordLawIsTheWeightedSumOfTheComponentsLaws()
    {
        var mixture = ProcessCatalog.Resolve(GoldenAndEven);
        var golden = ProcessCatalog.Resolve("golden_mean:p=0.5");
        var even = ProcessCatalog.Resolve("even:p=0.5");
        for (int length = 1; length <= 6; length++)
            foreach (var word in TestSupport.Words(2, length))
            {
                double expected = 0.25 * TestSupport.WordProbability(golden, word) + 0.75 * TestSupport.WordProbability(even, word);
                Assert.Equal(expected, TestSupport.WordProbability(mixture, word), 14);
                Assert.Equal(expected, BeliefUpdate.Probability(mixture, word), 12);
            }
    }

    /// <summary>P(c | w) = β_c P_c(w) / Σ β P(w) by Bayes, against the linear readout η(w)·A of the mixture's belief.</summary>
    [Fact]
    public void ComponentPosteriorIsBayesOverComponents()
    {
        var mixture = ProcessCatalog.Resolve("0.2@mess3:x=0.05,a=0.85+0.3@mess3:x=0.15,a=0.6+0.5@mess3:x=0.1,a=0.7");
        var components = mixture.Components!;
        Assert.Equal(3, components.Count);
        double[] beta = [0.2, 0.3, 0.5];
        var readout = BeliefReadout.For(mixture).Single(r => r.Name == "component_posterior");
        var posterior = new double[3];
        foreach (var word in TestSupport.Words(3, 4))
        {
            var likelihood = components.Processes.Select((c, k) => beta[k] * TestSupport.WordProbability(c, word)).ToArray();
            double total = likelihood.Sum();
            readout.Apply(BeliefUpdate.After(mixture, word), posterior);
            Assert.Equal(likelihood.Select(l => l / total).ToArray(), posterior, new TestSupport.Within(1e-12));
        }
    }

    /// <summary>
    /// Closed forms: golden mean (p = ½) has h_μ = ⅔ and, being Markov order 1, E = H(1) − h_μ = H(⅓) − ⅔; the even process
    /// (p = ½) has h_μ = ⅔ and E = C_μ = H(⅓) (its ε-machine is also counifilar: the causal state is a function of the
    /// future as well as of the past). A mixture of distinguishable ergodic components has h_μ = Σ β_c h_μ(c) and E = H(β) + Σ β_c E_c, since
    /// H(X^L) = H(β) + Σ β_c H_c(L) − H[C | X^L] and the last term goes to 0.
    /// </summary>
    [Fact]
    public void ExcessEntropyOfAMixtureIsTheComponentsPlusWhichComponent()
    {
        double h3 = TestSupport.H(1.0 / 3, 2.0 / 3);
        double goldenE = h3 - 2.0 / 3, evenE = h3; // even: E = C_μ = H(π) = H(⅓) (a unifilar, counifilar machine)
        var theory = ProcessTheory.Compute(ProcessCatalog.Resolve(GoldenAndEven), new TheoryOptions(Depth: 8));
        Assert.True(theory.EntropyRateExact);
        Assert.Equal(2.0 / 3, theory.EntropyRateBits, 12);
        Assert.True(theory.ExcessEntropyExact, string.Join(" ", theory.Notes));
        Assert.Equal(TestSupport.H(0.25, 0.75) + 0.25 * goldenE + 0.75 * evenE, theory.ExcessEntropyBits, 8);
        // Component uncertainty starts at H(β) and falls as sequences identify their component.
        var uncertainty = theory.ComponentUncertaintyBits!;
        Assert.Equal(TestSupport.H(0.25, 0.75), uncertainty[0], 12);
        Assert.True(uncertainty[8] < uncertainty[1]);
        Assert.Null(theory.StatisticalComplexityBits);
    }

    /// <summary>H[C | X^L] = Σ_w P(w) H(P(C | w)) by enumerating words and Bayes over components.</summary>
    [Fact]
    public void ComponentUncertaintyMatchesEnumeration()
    {
        var mixture = ProcessCatalog.Resolve("0.5@mess3+0.5@mess3:x=0.15,a=0.6");
        var theory = ProcessTheory.Compute(mixture, new TheoryOptions(Depth: 5));
        var components = mixture.Components!.Processes;
        for (int length = 0; length <= 5; length++)
        {
            double expected = 0;
            foreach (var word in TestSupport.Words(3, length))
            {
                var joint = components.Select(c => 0.5 * TestSupport.WordProbability(c, word)).ToArray();
                double p = joint.Sum();
                if (p > 0) expected += p * TestSupport.H(joint.Select(j => j / p).ToArray());
            }
            Assert.Equal(expected, theory.ComponentUncertaintyBits![length], 10);
        }
        Assert.False(theory.EntropyRateExact); // Mess3's h_μ is approximated
    }

    [Fact]
    public void ComponentPosteriorIsAProbeTarget()
    {
        var mixture = ProcessCatalog.Resolve(GoldenAndEven);
        var prefixes = PrefixSet.Enumerate(mixture, new SequenceLayout(4, mixture.TokenCount, bos: false));
        var target = ProbeTargets.Readout(prefixes, BeliefReadout.For(mixture).Single());
        Assert.Equal("component_posterior", target.Name);
        Assert.Equal(2, target.Columns);
        for (int i = 0; i < prefixes.Count; i++)
            Assert.Equal(1.0, target.Row(i)[0] + target.Row(i)[1], 12);
    }

    [Theory]
    [InlineData("0.5@mess3+", "component 2 of 2 is empty")]
    [InlineData("x@mess3+mess3", "the weight 'x' of component 1")]
    [InlineData("-1@mess3+mess3", "is not a number > 0")]
    public void BadMixturesAreRefusedInOneLine(string spec, string expected)
    {
        var error = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(spec));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ComponentsMustAgreeOnTokenNames()
    {
        var golden = ProcessCatalog.Resolve("golden_mean");
        var renamed = new HiddenMarkovProcess("ab", ["a", "b"], golden.States, [golden.TokenMatrixArray(0), golden.TokenMatrixArray(1)]);
        var error = Assert.Throws<ProcessException>(() => NonErgodicMixture.Of([golden, renamed], [0.5, 0.5]));
        Assert.Contains("token names must agree", error.Message);
    }

    [Fact]
    public void AnExponentSignIsNotAMixture()
    {
        var process = ProcessCatalog.Resolve("rrxor:p1=0.05e+1");
        Assert.Null(process.Components);
        Assert.Contains("p1=0.5", process.Name);
    }
}
