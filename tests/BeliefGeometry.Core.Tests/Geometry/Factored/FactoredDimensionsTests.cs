using BeliefGeometry.Data;
using BeliefGeometry.Geometry.Factored;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Geometry.Factored;

/// <summary>
/// The belief dimensions of a product's factors and of its joint belief, pooled within prefix lengths, against the
/// theory's (pooled over the lengths around one centre, which is the same from the stationary start: E[η_L] = π).
/// </summary>
public class FactoredDimensionsTests
{
    [Theory]
    [InlineData("mess3:x=0.15,a=0.6*golden_mean:p=0.3", 4)]
    [InlineData("rrxor*mess3", 4)]
    public void DimensionsAreTheTheorysOfEachFactorAndOfTheProduct(string spec, int depth)
    {
        var process = ProcessCatalog.Resolve(spec);
        var dimensions = FactoredDimensions.Of(PrefixSet.Enumerate(process, new SequenceLayout(depth, process.TokenCount)));
        var factors = process.Factors!;
        for (int k = 0; k < factors.Count; k++)
        {
            var theory = ProcessTheory.Compute(factors[k], new TheoryOptions { Depth = depth });
            Assert.Equal(theory.BeliefExplainedVariance!, dimensions.Factors[k].ExplainedVariance, new TestSupport.Within(1e-9));
            Assert.Equal(theory.BeliefDimensionsAt![2], dimensions.Factors[k].BeliefDimension);
            Assert.Equal(factors[k].StateCount, dimensions.Factors[k].States);
        }
        var joint = ProcessTheory.Compute(process, new TheoryOptions { Depth = depth });
        Assert.Equal(joint.BeliefExplainedVariance!, dimensions.JointExplainedVariance, new TestSupport.Within(1e-9));
        Assert.Equal(joint.BeliefDimensionsAt![2], dimensions.JointBeliefDimension);
        Assert.Equal(factors.Sum(f => f.StateCount - 1), dimensions.SumOfStateDimensions);
        Assert.Equal(factors.Aggregate(1, (p, f) => p * f.StateCount) - 1, dimensions.ProductStateDimension);
    }
}
