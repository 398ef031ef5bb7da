using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Beliefs;

/// <summary>The mixed-state presentation refuses depths beyond its node limit before doing the work.</summary>
public class DepthLimitTests
{
    [Fact]
    public void NodeLimitFollowsTheMemoryBudget()
    {
        var mess3 = ProcessCatalog.Parse("mess3");
        // 2·(64 + 8n + 12V) bytes a node: 248 for n = V = 3.
        Assert.Equal(248, MspOptions.BytesPerNode(mess3));
        Assert.Equal((2L << 30) / 248, MspOptions.Default.NodeLimit(mess3));
        Assert.Equal(1000, new MspOptions(MaxNodes: 1000).NodeLimit(mess3));
    }

    [Fact]
    public void ATreeThatCannotReachTheDepthIsRefusedFromTheFirstLevels()
    {
        // Mess3 merges no beliefs: the tree to depth L has Σ_{l≤L} 3^l = (3^{L+1} − 1)/2 nodes, and the limit is
        // 2^31 / 248 = 8,659,208, so depth 14 (7,174,453 nodes) fits and depth 15 (21,523,360) does not.
        var e = Assert.Throws<DepthLimitException>(() => MixedStatePresentation.Build(ProcessCatalog.Parse("mess3"), 20));
        Assert.Equal(20, e.Depth);
        Assert.Contains("has merged no beliefs through depth 8 (6,561 words", e.Reason);
        Assert.Contains("the limit of 8,659,208 (what 2,048 MiB hold at about 248 bytes a node for 3 states and 3 tokens)", e.Reason);
        Assert.EndsWith("the largest depth within it is 14 (7,174,453 nodes)", e.Reason);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AMemoryBudgetRefusesTheLevelThatWouldPassIt()
    {
        // 1 MB / 248 bytes = 4,032 nodes: depth 7 (3,280 nodes in all) fits, depth 8 could add 6,561.
        var options = new MspOptions(MaxBytes: 1_000_000);
        var msp = MixedStatePresentation.Build(ProcessCatalog.Parse("mess3"), 7, options);
        Assert.Equal(3280, msp.TotalNodes);
        var e = Assert.Throws<DepthLimitException>(() => msp.Extend());
        Assert.Equal(8, e.Depth);
        Assert.Contains("would pass 4,032 nodes (what 1 MiB hold at about 248 bytes a node", e.Message);
    }

    [Fact]
    public void AFiniteMixedStatePresentationGoesDeepWithinTheLimit()
    {
        // RRXOR's beliefs merge, so depth 2,000 costs a few nodes a level although 2^2000 words exist.
        var r = ProcessTheory.Compute(ProcessCatalog.Parse("rrxor"), new TheoryOptions(Depth: 2000));
        Assert.Equal(2000, r.Depth);
        Assert.True(r.EntropyRateExact);
    }
}
