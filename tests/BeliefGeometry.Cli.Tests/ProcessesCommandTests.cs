using BeliefGeometry.Processes;

namespace BeliefGeometry.Cli.Tests;

public class ProcessesCommandTests
{
    [Fact]
    public void ListsEveryCatalogProcessWithItsDefaultsAndRanges()
    {
        var run = CliRun.Of("processes");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        foreach (string name in new[] { "mess3", "rrxor", "z1r", "golden_mean", "even", "tom_quantum", "fanizza" })
            Assert.Contains(name, run.Stdout);
        foreach (var entry in ProcessCatalog.Entries)
        {
            Assert.Contains(entry.Name, run.Stdout);
            foreach (string alias in entry.Aliases)
                Assert.Contains($"also: {alias}", run.Stdout);
            foreach (var parameter in entry.Parameters)
                Assert.Contains($"{parameter.Name} = {parameter.Default}, {parameter.Allowed}", run.Stdout);
        }
        Assert.Contains("mess3:x=0.05,a=0.85", run.Stdout);
        Assert.Contains("open_probs = [1,0.5,0.5], entries in (0, 1]", run.Stdout);
        Assert.Contains("measurement_angle = 0.9, in (0, π]", run.Stdout);
        Assert.Contains("n = 3, an integer in [1, 100]", run.Stdout);
        Assert.Contains("mess3*z1r", run.Stdout);
        Assert.Contains("JSON file", run.Stdout);
    }

    [Fact]
    public void RejectsArguments()
    {
        var run = CliRun.Of("processes", "mess3");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
    }
}
