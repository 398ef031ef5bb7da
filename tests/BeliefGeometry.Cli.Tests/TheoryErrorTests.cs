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

    /// <summary>
    /// A product whose joint tree would pass the memory limit (27¹⁰ words) is not refused: it is computed per factor
    /// (docs/design.md section 1.9), h(L) three times Mess3's, and the notes say so.
    /// </summary>
    [Fact]
    public void ProductWhoseTreeIsTooLargeIsComputedPerFactor()
    {
        var product = CliRun.Of("theory", "mess3*mess3*mess3", "--json");
        Assert.True(product.ExitCode == 0, product.Stderr);
        var one = CliRun.Of("theory", "mess3", "--json");
        double[] Myopic(CliRun run) => [.. System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("myopic_entropy_bits").EnumerateArray().Select(x => x.GetDouble())];
        Assert.Equal(Myopic(one).Select(h => 3 * h), Myopic(product), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Contains("Computed per factor", product.Stdout);
    }

    [Fact]
    public void DepthBeyondTheMemoryLimitIsRefused() =>
        AssertRefused(CliRun.Of("theory", "mess3", "--depth", "20"),
            "option '--depth' = 20", "limit of 8,659,208", "the largest depth within it is 14");

    [Theory]
    [InlineData("1000000")]
    [InlineData("1001")]
    public void DepthBeyondWhatIsPrintedIsRefused(string depth) =>
        AssertRefused(CliRun.Of("theory", "z1r", "--depth", depth), $"option '--depth' = {depth}", "allowed: 1 to 1,000");

    [Theory]
    [InlineData("1e-300")]
    [InlineData("0.7")]
    public void ToleranceOutOfRangeNamesTheOption(string tolerance) =>
        AssertRefused(CliRun.Of("theory", "mess3", "--tolerance", tolerance),
            $"option '--tolerance' = {double.Parse(tolerance, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; allowed: 1e-15 ≤ tolerance < 0.5");

    [Fact]
    public void LargestPrintedDepthIsServed()
    {
        var run = CliRun.Of("theory", "z1r", "--depth", "1000", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"depth\": 1000", run.Stdout);
    }

    [Fact]
    public void ADirectoryGivenAsAProcessIsNamed()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"theory-dir-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try { AssertRefused(CliRun.Of("theory", dir), $"process file '{dir}': is a directory"); }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void AMissingPathIsNotAnUnknownProcess() =>
        AssertRefused(CliRun.Of("theory", "no/such/process"), "process file 'no/such/process': file not found");

    [Fact]
    public void ADeviceGivenAsAProcessIsRefusedByItsSize()
    {
        if (!File.Exists("/dev/zero")) return; // not a Unix system
        AssertRefused(CliRun.Of("theory", "/dev/zero"), "process file '/dev/zero'", "at most 16 MiB");
    }

    [Fact]
    public void AFieldGivenTwiceInAProcessFileIsNamed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dup-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"tokens": ["0"], "states": ["A"], "states": ["B"], "matrices": {"0": [[1]]}}""");
        try { AssertRefused(CliRun.Of("theory", path), "a field is given twice: 'states' at line 1, position 36"); }
        finally { File.Delete(path); }
    }
}
