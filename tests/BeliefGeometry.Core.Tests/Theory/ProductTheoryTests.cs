using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Theory;

/// <summary>
/// A product's theory composed per factor (docs/design.md section 1.9) against the joint computation over the product's
/// own mixed-state presentation, where both are affordable; and a product far too large to enumerate.
/// </summary>
public class ProductTheoryTests
{
    [Theory]
    [InlineData("golden_mean:p=0.3*even:p=0.6", 6)]
    [InlineData("rrxor*mess3:x=0.1,a=0.7", 5)]
    [InlineData("mess3*golden_mean*z1r", 4)]
    public void ComposedPerFactorEqualsTheJointComputation(string spec, int depth)
    {
        var process = ProcessCatalog.Resolve(spec);
        Assert.False(ProductTheory.Applies(process, depth)); // small enough for the joint MSP
        var options = new TheoryOptions(Depth: depth);
        var joint = ProcessTheory.Compute(process, options);
        var composed = ProductTheory.Compute(process, options);
        var within = new TestSupport.Within(1e-9);
        Assert.Equal(joint.BlockEntropyBits, composed.BlockEntropyBits, within);
        Assert.Equal(joint.MyopicEntropyBits, composed.MyopicEntropyBits, within);
        Assert.Equal(joint.LossFloorNats, composed.LossFloorNats, within);
        Assert.Equal(joint.LossFloorNatsBos, composed.LossFloorNatsBos, within);
        Assert.Equal(joint.SynchronizationBits!, composed.SynchronizationBits!, within);
        Assert.Equal(joint.UniqueBeliefsAtDepth, composed.UniqueBeliefsAtDepth);
        Assert.Equal(joint.UniqueNextTokenDistributionsAtDepth, composed.UniqueNextTokenDistributionsAtDepth);
        Assert.Equal(joint.NextTokenRank, composed.NextTokenRank);
        Assert.Equal(joint.EntropyRateExact, composed.EntropyRateExact);
        if (joint.EntropyRateExact) Assert.Equal(joint.EntropyRateBits, composed.EntropyRateBits, 9);
        if (joint.ExcessEntropyExact && composed.ExcessEntropyExact) Assert.Equal(joint.ExcessEntropyBits, composed.ExcessEntropyBits, 8);
        if (joint.StatisticalComplexityBits is { } complexity) Assert.Equal(complexity, composed.StatisticalComplexityBits!.Value, 9);
        Assert.Equal(joint.BeliefExplainedVariance!, composed.BeliefExplainedVariance!, within);
        Assert.Equal(joint.BeliefDimensionsAt!, composed.BeliefDimensionsAt!);
        Assert.Equal(joint.FarFutureFraction!.Value, composed.FarFutureFraction!.Value, 9);
        for (int l = 1; l <= depth; l++) Assert.Equal(joint.FarFutureFractionAtDepth[l]!.Value, composed.FarFutureFractionAtDepth[l]!.Value, 9);
        Assert.Null(composed.TotalUniqueBeliefs);
    }

    /// <summary>Five Mess3 factors (243 joint tokens): 243¹⁰ joint words, computed per factor as five times one Mess3.</summary>
    [Fact]
    public void FiveFactorProductIsComputedPerFactor()
    {
        var process = ProcessCatalog.Resolve("mess3*mess3*mess3*mess3*mess3");
        Assert.Equal(5, process.Factors!.Count);
        Assert.True(ProductTheory.Applies(process, 10));
        var theory = ProcessTheory.Compute(process, new TheoryOptions(Depth: 10));
        var one = ProcessTheory.Compute(ProcessCatalog.Resolve("mess3"), new TheoryOptions(Depth: 11));
        Assert.Equal(one.MyopicEntropyBits.Take(10).Select(h => 5 * h), theory.MyopicEntropyBits, new TestSupport.Within(1e-9));
        Assert.Equal(Math.Pow(one.UniqueBeliefsAtDepth[3], 5), theory.UniqueBeliefsAtDepth[3]); // 27⁵
        Assert.Equal(int.MaxValue, theory.UniqueBeliefsAtDepth[10]); // 59,049⁵ does not fit, and the notes say so
        Assert.Contains(theory.Notes, n => n.Contains("are shown as", StringComparison.Ordinal));
        Assert.Equal(243, theory.NextTokenRank);
        Assert.Null(theory.BeliefDimensionsAt); // 243 joint states: past the moments' limit, and the notes say so
        Assert.Contains(theory.Notes, n => n.StartsWith("Computed per factor", StringComparison.Ordinal));
    }
}

/// <summary>Two different factors that share a name (files of one name in two folders) are computed apart.</summary>
public class ProductTheoryFactorIdentityTests
{
    [Fact]
    public void FactorsOfOneNameButDifferentMatricesAreNotMerged()
    {
        HiddenMarkovProcess Named(string spec) { var p = ProcessCatalog.Resolve(spec); return new HiddenMarkovProcess("p", p.Tokens, p.States, [.. Enumerable.Range(0, p.TokenCount).Select(p.TokenMatrixArray)]); }
        var a = Named("golden_mean:p=0.2");
        var b = Named("golden_mean:p=0.7");
        var product = ProductProcess.Of([a, b]);
        var composed = ProductTheory.Compute(product, new TheoryOptions(Depth: 3));
        double expected = ProcessTheory.Compute(a, new TheoryOptions(Depth: 3)).EntropyRateBits + ProcessTheory.Compute(b, new TheoryOptions(Depth: 3)).EntropyRateBits;
        Assert.Equal(expected, composed.EntropyRateBits, 12);
    }
}
