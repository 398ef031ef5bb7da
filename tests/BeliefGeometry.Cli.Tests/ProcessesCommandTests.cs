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
        foreach (string name in new[] { "mess3", "rrxor", "z1r", "golden_mean", "even" })
            Assert.Contains(name, run.Stdout);
        foreach (var entry in ProcessCatalog.Entries)
        {
            Assert.Contains(entry.Name, run.Stdout);
            foreach (var parameter in entry.Parameters)
                Assert.Contains($"{parameter.Name} = {parameter.Default.ToString(System.Globalization.CultureInfo.InvariantCulture)}, in {parameter.Range}", run.Stdout);
        }
        Assert.Contains("mess3:x=0.05,a=0.85", run.Stdout);
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
