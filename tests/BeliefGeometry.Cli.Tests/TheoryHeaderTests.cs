namespace BeliefGeometry.Cli.Tests;

/// <summary>What <c>belief theory</c> prints stays bounded for large processes.</summary>
public class TheoryHeaderTests
{
    [Fact]
    public void LongListsOfNamesAreCutInTheTablesButNotInTheJson()
    {
        // Six golden-mean components: 2⁶ = 64 joint tokens and 64 joint states.
        string spec = string.Join("*", Enumerable.Repeat("golden_mean", 6));
        var text = CliRun.Of("theory", spec, "--depth", "1");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("… (64 in all; --json lists them)", text.Stdout);
        Assert.DoesNotContain("(1,1,1,1,1,1)", text.Stdout); // the last token, past the first 32

        var json = CliRun.Of("theory", spec, "--depth", "1", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"(1,1,1,1,1,1)\"", json.Stdout);
    }
}
