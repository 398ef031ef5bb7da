namespace BeliefGeometry.Cli.Tests;

/// <summary>The readable output of <c>belief theory</c>.</summary>
public class TheoryTextTests
{
    [Fact]
    public void FiniteProcessIsExact()
    {
        var run = CliRun.Of("theory", "rrxor", "--depth", "4");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("rrxor:p1=0.5,p2=0.5", run.Stdout);
        Assert.Contains("S 0.333333  Z 0.166667", run.Stdout); // π
        Assert.Contains("0.666667 bits/token  exact", run.Stdout); // h_μ = 2/3
        Assert.Contains("5 causal states", run.Stdout);
        Assert.DoesNotContain("note:", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // no ANSI codes when not a terminal
    }

    [Fact]
    public void InfiniteProcessIsMarkedApproximateWithNotes()
    {
        var run = CliRun.Of("theory", "mess3", "--depth", "3");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("approximate", run.Stdout);
        Assert.Contains("not reported", run.Stdout);
        Assert.Contains("note: E is truncated at L = 4", run.Stdout);
        Assert.Contains("1.098612", run.Stdout); // BOS floor at position 0: ln 3
        var rows = run.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsDigit(l[0])).ToArray();
        Assert.Equal(4, rows.Length); // L = 0…3
        Assert.StartsWith("3", rows[^1]);
        Assert.Contains("27", rows[^1]);
    }

    [Fact]
    public void HelpGoesToStdout()
    {
        var run = CliRun.Of("theory", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--depth", run.Stdout);
        Assert.Contains("--tolerance", run.Stdout);
        Assert.Equal("", run.Stderr);
    }
}
