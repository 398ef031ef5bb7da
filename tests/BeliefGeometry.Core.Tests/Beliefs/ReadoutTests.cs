using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Beliefs;

/// <summary>Linear readouts of the joint belief of a product: each factor's own belief (docs/design.md section 2.7).</summary>
public class ReadoutTests
{
    /// <summary>
    /// For a product the factor-k readout of the joint belief after a joint word equals the belief factor k reaches on its
    /// own after its coordinate of the word, updated by the factor alone.
    /// </summary>
    [Theory]
    [InlineData("mess3*golden_mean:p=0.3")]
    [InlineData("rrxor*mess3:x=0.1,a=0.7*even")]
    public void FactorReadoutIsTheFactorsOwnBelief(string spec)
    {
        var product = ProcessCatalog.Resolve(spec);
        var factors = product.Factors!;
        Assert.Equal(spec.Split('*').Length, factors.Count);
        var readouts = BeliefReadout.For(product);
        Assert.Equal(factors.Count, readouts.Count);
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var word = Enumerable.Range(0, 6).Select(_ => random.Next(product.TokenCount)).ToArray();
            if (BeliefUpdate.Probability(product, word) == 0) continue;
            var joint = BeliefUpdate.After(product, word);
            for (int k = 0; k < factors.Count; k++)
            {
                var own = BeliefUpdate.After(factors[k], word.Select(x => Coordinate(x, factors, k)).ToArray());
                var read = new double[factors[k].StateCount];
                readouts[k].Apply(joint, read);
                Assert.Equal(own, read, new TestSupport.Within(1e-12));
            }
        }
    }

    /// <summary>A generalized factor: the readout contracts the other factors with their τ, so it is exact for a GHMM too.</summary>
    [Fact]
    public void FactorReadoutOfAGeneralizedFactor()
    {
        var product = ProductProcess.Of([TestSupport.GeneralizedGoldenMean(), ProcessCatalog.Resolve("mess3")]);
        var readout = BeliefReadout.For(product)[0];
        int[] word = [0, 4, 2, 1, 3]; // joint tokens (x₁, x₂) = x₁·3 + x₂
        var own = BeliefUpdate.After(product.Factors![0], word.Select(x => x / 3).ToArray());
        var read = new double[2];
        readout.Apply(BeliefUpdate.After(product, word), read);
        Assert.Equal(own, read, new TestSupport.Within(1e-10));
    }

    /// <summary>Factor k's token in a joint token, whose index is row-major in the factors (the last varies fastest).</summary>
    private static int Coordinate(int token, IReadOnlyList<HiddenMarkovProcess> factors, int k)
    {
        for (int j = factors.Count - 1; j > k; j--) token /= factors[j].TokenCount;
        return token % factors[k].TokenCount;
    }
}
