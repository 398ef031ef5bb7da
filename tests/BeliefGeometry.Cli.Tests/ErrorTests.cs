namespace BeliefGeometry.Cli.Tests;

/// <summary>Every user mistake: exit code 2, one line on stderr naming what is wrong, nothing on stdout.</summary>
public class ErrorTests
{
    private static void AssertBadInput(CliRun run, params string[] mentions)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stderr: {run.Stderr}");
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("belief: error: ", line);
        Assert.DoesNotContain("   at ", line); // no stack trace
        foreach (string mention in mentions)
            Assert.Contains(mention, line);
    }

    [Theory]
    [InlineData("nosuch", "unknown process 'nosuch'")]
    [InlineData("mess3:q=1", "unknown parameter 'q'")]
    [InlineData("mess3:x=0.7", "'x'", "out of range", "(0, 0.5]")]
    [InlineData("mess3:x=abc", "'x'", "not a number")]
    [InlineData("mess3:x", "'x'", "key=value")]
    [InlineData("z1r:p=0.5", "unknown parameter 'p'", "no parameters")]
    [InlineData("mess3*nosuch", "unknown process 'nosuch'")]
    public void BadProcessSpecs(string spec, params string[] mentions)
    {
        AssertBadInput(CliRun.Of("theory", spec), mentions);
        AssertBadInput(CliRun.Of("theory", spec, "--json"), mentions);
    }

    [Theory]
    [InlineData("--depth", "0", "--depth", "≥ 1")]
    [InlineData("--depth", "-3", "--depth", "≥ 1")]
    [InlineData("--depth", "abc", "--depth", "'abc' is not an integer")]
    [InlineData("--depth", "2.5", "--depth", "not an integer")]
    [InlineData("--tolerance", "0", "--tolerance", "> 0")]
    [InlineData("--tolerance", "-1e-9", "--tolerance", "> 0")]
    [InlineData("--tolerance", "NaN", "--tolerance", "not a number")]
    [InlineData("--tolerance", "tiny", "--tolerance", "not a number")]
    public void BadOptionValues(string option, string value, params string[] mentions) =>
        AssertBadInput(CliRun.Of("theory", "golden_mean", option, value, "--json"), mentions);

    [Fact]
    public void OptionWithoutValue() => AssertBadInput(CliRun.Of("theory", "golden_mean", "--depth"), "--depth");

    [Fact]
    public void UnknownOption() => AssertBadInput(CliRun.Of("theory", "golden_mean", "--deep", "3"), "--deep", "belief theory --help");

    [Fact]
    public void UnknownCommand() => AssertBadInput(CliRun.Of("trian", "x.json"), "trian", "processes, theory");

    [Fact]
    public void NoCommand() => AssertBadInput(CliRun.Of(), "processes, theory");

    [Fact]
    public void MissingProcessArgument() => AssertBadInput(CliRun.Of("theory", "--json"), "theory");

    [Fact]
    public void ExtraArgument() => AssertBadInput(CliRun.Of("theory", "golden_mean", "even"), "'even'");

    [Fact]
    public void MissingProcessFile()
    {
        using var files = new TempFiles();
        string path = Path.Combine(files.Directory, "absent.json");
        AssertBadInput(CliRun.Of("theory", path, "--json"), path, "file not found");
    }

    [Theory]
    [InlineData("malformed JSON", """{ "tokens": ["0"], "states": ["A"], "matrices": { "0": [[1]] """, "malformed JSON")]
    [InlineData("negative HMM entry", """{ "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[-0.5, 1.5], [1, 0]], "1": [[0, 0], [0, 0]] } }""",
        "'matrices.0[0][0]'", "≥ 0")]
    [InlineData("rows not summing to 1", """{ "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[0.5, 0.2], [1, 0]], "1": [[0, 0], [0, 0]] } }""",
        "row 'A'", "sum to 1")]
    [InlineData("wrong matrix shape", """{ "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[0.5, 0.5], [1, 0]], "1": [[0], [0]] } }""",
        "'matrices.1'", "2×2")]
    [InlineData("ragged rows", """{ "tokens": ["0"], "states": ["A", "B"], "matrices": { "0": [[0.5, 0.5], [1]] } }""",
        "'matrices.0[1]'")]
    [InlineData("empty token list", """{ "tokens": [], "states": ["A"], "matrices": {} }""", "'tokens'", "empty")]
    [InlineData("two closed classes", """{ "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[1, 0], [0, 0]], "1": [[0, 0], [0, 1]] } }""",
        "stationary distributions", "{A}", "{B}")]
    [InlineData("matrix for an unknown token", """{ "tokens": ["0"], "states": ["A"], "matrices": { "0": [[1]], "2": [[1]] } }""",
        "'matrices.2'")]
    [InlineData("unknown field", """{ "tokens": ["0"], "states": ["A"], "matrices": { "0": [[1]] }, "colour": "red" }""",
        "'colour'")]
    [InlineData("bad kind", """{ "kind": "quantum", "tokens": ["0"], "states": ["A"], "matrices": { "0": [[1]] } }""",
        "'kind'", "hmm, generalized")]
    public void BadProcessFiles(string what, string content, params string[] mentions)
    {
        using var files = new TempFiles();
        string path = files.Write(what.Replace(' ', '_') + ".json", content);
        AssertBadInput(CliRun.Of("theory", path, "--json"), [path, .. mentions]);
        AssertBadInput(CliRun.Of("theory", path), [path, .. mentions]);
    }
}
