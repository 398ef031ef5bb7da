namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// Inputs a second hostile pass over the command line found crashing (exit code 1), or allocating gigabytes before
/// refusing or while running: each is now one line naming the setting or option and what is allowed, exit code 2,
/// with nothing written (how quickly is a matter for benchmarks, not test assertions).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Tiny = TinyExperiment.Json;

    private CliRun Refused(string experimentJson, string command, string expected, params string[] options)
    {
        string experiment = _files.Write("exp.json", experimentJson);
        string output = Path.Combine(_files.Directory, "run");
        var run = CliRun.Of([command, experiment, .. options.Contains("--out") ? [] : new[] { "--out", output }, .. options]).AssertRefused(expected);
        Assert.False(Directory.Exists(output), "nothing is written");
        return run;
    }

    [Theory]
    // n_ctx = int.MaxValue overflowed the word counts (exit 1); 2·10⁹ allocated an array of n_ctx longs (11 GB).
    [InlineData("model.n_ctx=2147483647", "field 'model.n_ctx' is 2147483647; allowed: at most 262,144 (batch_size × model.n_ctx ≤ 262,144")]
    [InlineData("model.n_ctx=2000000000", "field 'model.n_ctx' is 2000000000; allowed: at most 262,144")]
    // d_mlp = 10⁸ with d_model 8: W_in and W_out hold 2 × 8 × 10⁸ and b_in 10⁸, 1.7·10⁹ parameters (8.7 GB within a minute).
    [InlineData("model.d_mlp=100000000", "needs about 1.7E+09 parameters; allowed: at most 67,108,864")]
    public void ModelsTooLargeForMemoryAreRefusedBeforeLibtorchAllocates(string set, string expected)
    {
        var run = Refused(Tiny, "train", expected, "--set", set);
        Assert.Contains($"--set {set}:", run.Stderr);
    }

    [Fact]
    public void ActivationsPerStepHaveABudget()
    {
        // 65,536 × 4 = 262,144 tokens a step (the limit), each keeping 2 × d_mlp = 2,000 MLP floats: 5.2·10⁸ > 2²⁶.
        var run = Refused(Tiny, "train", "activation floats per step; allowed: at most 67,108,864",
            "--set", "training.batch_size=65536", "--set", "model.d_mlp=1000");
        Assert.Contains("training.batch_size", run.Stderr);
    }

    [Fact]
    public void AHugeRecurrentModelIsRefusedWithoutOverflow()
    {
        string lstm = Tiny.Replace(
            """{ "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 }""",
            """{ "kind": "lstm", "hidden_size": 2000000000, "d_vocab": 3, "n_ctx": 4 }""", StringComparison.Ordinal);
        Assert.NotEqual(Tiny, lstm);
        Refused(lstm, "train", "the model of kind 'lstm' needs about");
    }

    [Fact]
    public void AProcessWithTooManyStatesToCountItsWordsIsBoundedByEveryWord()
    {
        // mess3⁴ has 81 states (past the 64 the subset count follows) and emits every one of its 81^L words: at n_ctx 4
        // the words of length 5 alone are 81⁵ ≈ 3.5·10⁹ > 20,000,000. The cost checks were skipped for it.
        var run = Refused(Tiny, "train", "field 'model.n_ctx' is 4; allowed: at most 2 for process",
            "--set", "process=mess3*mess3*mess3*mess3", "--set", "model.d_vocab=81");
        Assert.Contains("every word of its 81 tokens, an upper bound for its 81 states", run.Stderr);
    }

    [Fact]
    public void ThousandFoldsAreRefusedWhenTheRunIsProbed()
    {
        // Mess3 at n_ctx 10 has 88,572 prefixes, enough rows for 1,000 folds, but each fold refits every probe: the
        // probe stage ran past a minute and 3 GB. Training alone does not probe, so it takes them.
        string probed = Tiny.Replace("\"n_ctx\": 4", "\"n_ctx\": 10", StringComparison.Ordinal);
        Refused(probed, "experiment", "--set probe.folds=1000: field 'probe.folds' is 1000; allowed: 2 to 100 for a run that is probed",
            "--set", "probe.folds=1000");
    }

    [Fact]
    public void AnOutWithANameLongerThanTheFileSystemAllowsIsAboutOut()
    {
        // A 300-byte name was an unexpected PathTooLongException (exit 1) from inside the run.
        string output = Path.Combine(_files.Directory, new string('a', 300));
        var run = Refused(Tiny, "train", "option '--out' = '", "--out", output);
        Assert.Contains("has a name of 300 bytes", run.Stderr);
        Assert.Contains("each name at most 255 bytes", run.Stderr);
        Assert.False(Directory.Exists(output));
        var deep = Refused(Tiny, "experiment", "bytes long as a full path", "--out", Path.Combine(_files.Directory, string.Join('/', Enumerable.Repeat(new string('b', 200), 25))));
        Assert.Contains("option '--out'", deep.Stderr);
    }

    [Fact]
    public void AnExperimentNameTooLongForTheDefaultRunDirectoryIsRefused()
    {
        // Without --out the run goes to runs/<name>: a 300-character name was a PathTooLongException (exit 1).
        string name = new('n', 300);
        var run = Refused(Tiny, "train", "field 'name' is", "--set", $"name={name}");
        Assert.Contains("at most 100 characters", run.Stderr);
    }
}

/// <summary>Every command that reads a run says the same thing for a path that is empty, missing or a file.</summary>
public sealed class RunPathTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static void OneLine(string expected, params string[] args) => Assert.Equal("", CliRun.Of(args).AssertRefused(expected).Stdout);

    [Fact]
    public void AFileEmptyOrMissingRunIsNamedTheSameByProbeReportAndCompare()
    {
        string file = _files.Write("a-file", "x");
        string missing = Path.Combine(_files.Directory, "missing");
        foreach (string[] prefix in new[] { new[] { "probe" }, new[] { "report" }, new[] { "compare", _files.Directory } })
        {
            // Before: probe and report said a file "does not exist", compare that it "has no probe.json".
            OneLine($"run directory '{file}' is a file; give the directory 'belief train' wrote", [.. prefix, file]);
            OneLine($"run directory '{missing}' does not exist", [.. prefix, missing]);
        }
        // Before: compare with an empty path was an unexpected ArgumentException, exit code 1.
        OneLine("run directory: the path is empty", "compare", _files.Directory, "");
        OneLine("run directory: the path is empty", "probe", "");
    }

    [Fact]
    public void AVeryLongRunPathIsAbbreviated()
    {
        string missing = Path.Combine(_files.Directory, string.Join('/', Enumerable.Repeat(new string('c', 200), 25)));
        var run = CliRun.Of("probe", missing);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.True(run.Stderr.Length < 1_200, $"{run.Stderr.Length} characters");
    }
}

/// <summary>Resuming into a directory that is not a run.</summary>
public sealed class ResumeIntoNonRunTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("train", "--resume")]
    [InlineData("experiment")]
    public void ANonEmptyDirectoryWithoutConfigIsNotARunToResume(string command, params string[] options)
    {
        // Before: "is not empty; pass --resume to continue that run" to a user who had passed --resume (or whose
        // experiment resumes by itself).
        string experiment = _files.Write("tiny.json", """
            { "name": "tiny", "process": "mess3",
              "model": { "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 },
              "training": { "steps": 2, "batch_size": 8, "threads": 1 } }
            """);
        string output = Path.Combine(_files.Directory, "junk");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        var run = CliRun.Of([command, experiment, "--out", output, .. options]);
        run.AssertRefused($"run directory '{output}' is not empty and has no config.json, so it is not a run to resume; choose an absent or empty --out");
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }
}

/// <summary>An option's message states the same allowed range whatever was wrong with the value.</summary>
public sealed class TheoryOptionRangeTests
{
    [Theory]
    // Before: 0, -1 and 'abc' were told "a number > 0" / "an integer ≥ 1", ranges wider than the ones enforced.
    [InlineData("--depth", "-1", "option '--depth' = -1 is out of range; allowed: 1 to 1,000 (an integer ≥ 1; one table row per depth)")]
    [InlineData("--depth", "abc", "option '--depth': 'abc' is not an integer; allowed: 1 to 1,000 (an integer ≥ 1; one table row per depth)")]
    [InlineData("--depth", "1001", "option '--depth' = 1001 is out of range; allowed: 1 to 1,000 (an integer ≥ 1; one table row per depth)")]
    [InlineData("--tolerance", "0", "option '--tolerance' = 0 is out of range; allowed: 1e-15 ≤ tolerance < 0.5 (a number > 0, e.g. 1e-9)")]
    [InlineData("--tolerance", "NaN", "option '--tolerance': 'NaN' is not a number; allowed: 1e-15 ≤ tolerance < 0.5 (a number > 0, e.g. 1e-9)")]
    [InlineData("--tolerance", "0.5", "option '--tolerance' = 0.5 is out of range; allowed: 1e-15 ≤ tolerance < 0.5 (a number > 0, e.g. 1e-9)")]
    public void TheRangeIsTheEnforcedOne(string option, string value, string expected)
    {
        var run = CliRun.Of("theory", "mess3", option, value);
        run.AssertRefused(expected);
        Assert.Equal("", run.Stdout);
    }
}

/// <summary>Experiment files are read like process files: bounded, a directory named, a built-in name not shadowed.</summary>
public sealed class ExperimentFileInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static CliRun OneLine(string expected, params string[] args) => CliRun.Of(args).AssertRefused(expected);

    [Theory]
    [InlineData("train")]
    [InlineData("experiment")]
    public void DevZeroAsAnExperimentIsRefusedBeforeReadingItAll(string command) =>
        // Before: read whole, 4 GB and 20 s, then an OutOfMemoryException (exit code 1).
        OneLine("experiment '/dev/zero': gives more than 1,048,576 bytes (not a regular file?); an experiment file must be a regular file of at most 1 MiB",
            command, "/dev/zero", "--out", Path.Combine(Path.GetTempPath(), "belief-never-written"));

    [Fact]
    public void ALargeExperimentFileIsRefusedByItsSize()
    {
        string big = _files.Write("big.json", "{ \"name\": \"big\", \"x\": \"" + new string('x', 2 << 20) + "\" }");
        OneLine($"experiment '{big}': is {new FileInfo(big).Length:N0} bytes; an experiment file must be a regular file of at most 1 MiB", "train", big);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("experiment")]
    public void ADirectoryIsNamedAsADirectory(string command)
    {
        // Before: train said "file not found" for a directory.
        OneLine($"experiment '{_files.Directory}': is a directory; give the path of an experiment JSON file", command, _files.Directory);
    }

    [Fact]
    public void AFileNamedLikeABuiltInExperimentDoesNotShadowIt()
    {
        // Before: a file 'mess3' in the working directory was read instead of the built-in experiment.
        string previous = Directory.GetCurrentDirectory();
        _files.Write("mess3", """{ "tokens": ["0"] }""");
        try
        {
            Directory.SetCurrentDirectory(_files.Directory);
            // The built-in mess3 is read (a --set error names it), not the file.
            OneLine("built-in experiment 'mess3', --set training.steps=0: field 'training.steps' is 0", "experiment", "mess3", "--set", "training.steps=0");
            // ./mess3 is the file.
            OneLine("experiment './mess3': unknown field 'tokens'", "experiment", "./mess3");
        }
        finally { Directory.SetCurrentDirectory(previous); }
    }
}

/// <summary>Text encodings and product specs a user's editor or shell may produce.</summary>
public sealed class EncodingAndProductSpecTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AUtf8ByteOrderMarkIsNotMalformedJson()
    {
        // Before: "malformed JSON at line 1, position 1" for a process or experiment file saved with a BOM.
        string path = Path.Combine(_files.Directory, "bom.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("""{ "tokens": ["0", "1"], "states": ["A"], "matrices": { "0": [[0.5]], "1": [[0.5]] } }""")]);
        var run = CliRun.Of("theory", path, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        // One state emitting a fair coin: h_μ = 1 bit exactly.
        Assert.Contains("\"entropy_rate_bits\": 1", run.Stdout);
    }

    [Fact]
    public void Utf16IsNamed()
    {
        string path = Path.Combine(_files.Directory, "utf16.json");
        File.WriteAllText(path, """{ "tokens": ["0"] }""", System.Text.Encoding.Unicode);
        var run = CliRun.Of("theory", path);
        run.AssertRefused($"process file '{path}': is UTF-16 text; a process file must be UTF-8");
    }

    [Theory]
    [InlineData("mess3*", "product 'mess3*': component 2 of 2 is empty")]
    [InlineData("*mess3", "product '*mess3': component 1 of 2 is empty")]
    [InlineData("mess3**z1r", "product 'mess3**z1r': component 2 of 3 is empty")]
    public void AnEmptyProductComponentNamesTheProduct(string spec, string expected)
    {
        // Before: "process: the spec is empty", naming neither the product nor the place.
        var run = CliRun.Of("theory", spec);
        run.AssertRefused(expected);
    }
}

/// <summary>A file where probe or report writes a folder (or a folder where it writes a file) is refused before the work.</summary>
public sealed class OccupiedOutputTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string CopyOfRun() => fixture.Copy(_files.Directory);

    private static void Refused(string expected, params string[] args) => CliRun.Of(args).AssertRefused(expected);

    [Fact]
    public void AFileNamedFiguresStopsTheReportBeforeItStarts()
    {
        // Before: an unexpected IOException (exit code 1) once the figures were drawn.
        string run = CopyOfRun();
        Directory.Delete(Path.Combine(run, "figures"), recursive: true);
        File.WriteAllText(Path.Combine(run, "figures"), "mine");
        Refused($"run '{run}': '{run}/figures' is a file where a folder is written; remove or rename it", "report", run);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "figures")));
    }

    [Fact]
    public void ADirectoryNamedReportHtmlStopsTheReport()
    {
        string run = CopyOfRun();
        File.Delete(Path.Combine(run, "report.html"));
        Directory.CreateDirectory(Path.Combine(run, "report.html"));
        Refused($"run '{run}': '{run}/report.html' is a directory where a file is written", "report", run);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileNamedActivationsStopsTheProbeBeforeItCaptures(bool noActivations)
    {
        // Before: an unexpected IOException (exit code 1) after the capture, with --no-activations too (the
        // predictions are written there).
        string run = CopyOfRun();
        Directory.Delete(Path.Combine(run, "activations"), recursive: true);
        File.WriteAllText(Path.Combine(run, "activations"), "mine");
        Refused($"run '{run}': '{run}/activations' is a file where a folder is written", ["probe", run, .. noActivations ? new[] { "--no-activations" } : []]);
    }
}
