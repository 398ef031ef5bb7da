using BeliefGeometry.Data;
using BeliefGeometry.Geometry;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Theory;

/// <summary>
/// The belief geometry's dimension from the theory (moments of the merged beliefs of the mixed-state presentation)
/// against an independent computation: a weighted PCA (<see cref="PrincipalComponents"/>) of every prefix's belief,
/// enumerated word by word (<see cref="PrefixSet"/>), each length weighing 1.
/// </summary>
public class BeliefDimensionsTests
{
    [Theory]
    [InlineData("mess3", 6)]
    [InlineData("rrxor", 8)]
    [InlineData("golden_mean:p=0.3*z1r", 6)]
    [InlineData("even", 7)]
    public void TheExplainedVarianceOfTheTheoryIsThatOfAPcaOfEveryPrefix(string spec, int depth)
    {
        var process = ProcessCatalog.Resolve(spec);
        var report = ProcessTheory.Compute(process, new TheoryOptions { Depth = depth });
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(depth, process.TokenCount));
        var pca = PrincipalComponents.Fit(prefixes.Beliefs, process.StateCount, prefixes.Probabilities);

        Assert.Equal(process.StateCount, report.BeliefExplainedVariance!.Count);
        for (int k = 0; k < process.StateCount; k++)
            Assert.Equal(pca.CumulativeExplainedVariance[k], report.BeliefExplainedVariance[k], 9);
        Assert.Equal(BeliefDimensions.Dimensions(pca.CumulativeExplainedVariance), report.BeliefDimensionsAt);
    }

    /// <summary>
    /// Mess3's beliefs lie in the 2-D simplex and its covariance is invariant under the cyclic permutation of the states,
    /// so on that plane it is a multiple of the identity: two equal eigenvalues, half the variance each.
    /// </summary>
    [Fact]
    public void Mess3SplitsItsVarianceEquallyOverTheTwoDirectionsOfItsSimplex()
    {
        var report = ProcessTheory.Compute(ProcessCatalog.Resolve("mess3"), new TheoryOptions { Depth = 8 });
        Assert.Equal(0.5, report.BeliefExplainedVariance![0], 9);
        Assert.Equal(1.0, report.BeliefExplainedVariance[1], 9);
        Assert.Equal([2, 2, 2, 2], report.BeliefDimensionsAt);
    }

    [Fact]
    public void DimensionsCountTheFewestDirectionsReachingEachFraction()
    {
        Assert.Equal([1, 2, 3, 4], BeliefDimensions.Dimensions([0.85, 0.92, 0.96, 1.0]));
        Assert.Equal([1, 1, 1, 1], BeliefDimensions.Dimensions([1.0, 1.0]));
        Assert.Equal([2, 2, 2, 2], BeliefDimensions.Dimensions([0.5, 1.0, 1.0]));
    }
}
