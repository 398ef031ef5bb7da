namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief theory</c> refuses costly or oversized requests with one line naming the setting and the limit.</summary>
public class TheoryErrorTests
{
    private static void AssertRefused(CliRun run, params string[] expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        foreach (var part in expected) Assert.Contains(part, line);
    }

    [Fact]
    public void ProductWhoseTreeIsTooLargeIsRefused() =>
        AssertRefused(CliRun.Of("theory", "mess3*mess3*mess3"),
            "option '--depth' = 10", "27 states and 27 tokens", "the largest depth within it is 4");

    [Fact]
    public void DepthBeyondTheMemoryLimitIsRefused() =>
        AssertRefused(CliRun.Of("theory", "mess3", "--depth", "20"),
            "option '--depth' = 20", "limit of 8,659,208", "the largest depth within it is 14");

    [Theory]
    [InlineData("1000000")]
    [InlineData("1001")]
    public void DepthBeyondWhatIsPrintedIsRefused(string depth) =>
        AssertRefused(CliRun.Of("theory", "z1r", "--depth", depth), $"option '--depth' = {depth}", "allowed: 1 to 1,000");

    [Fact]
    public void LargestPrintedDepthIsServed()
    {
        var run = CliRun.Of("theory", "z1r", "--depth", "1000", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"depth\": 1000", run.Stdout);
    }
}
