namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// Inputs a hostile pass over <c>belief train</c> and <c>belief experiment</c> found accepted, hanging or crashing
/// late: each is now one line naming the setting and what is allowed, exit code 2, with nothing written.
/// </summary>
public sealed class TrainHardeningTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Tiny = TinyExperiment.Json;

    private CliRun Refused(string command, string expected, params string[] options)
    {
        string experiment = _files.Write("tiny.json", Tiny);
        string output = Path.Combine(_files.Directory, "run");
        var run = CliRun.Of([command, experiment, .. options.Contains("--out") ? [] : new[] { "--out", output }, .. options]).AssertRefused(expected);
        Assert.False(Directory.Exists(output), "nothing is written");
        return run;
    }

    [Theory]
    [InlineData("train", "model.n_ctx=100000", "field 'model.n_ctx' is 100000; allowed: at most 12 for process")]
    [InlineData("train", "training.batch_size=100000000", "field 'training.batch_size' is 100000000; allowed: batch_size × model.n_ctx ≤ 262,144")]
    [InlineData("train", "training.batch_size=2000000000", "field 'training.batch_size' is 2000000000; allowed: batch_size × model.n_ctx ≤ 262,144")]
    [InlineData("train", "training.threads=100000", "field 'training.threads' is 100000; allowed: an integer ≥ 1 and ≤ 256")]
    [InlineData("train", "training.momentum=0.9", "field 'training.momentum' is 0.9; allowed: 0 with optimizer adam")]
    [InlineData("experiment", "probe.folds=1000", "--set probe.folds=1000: field 'probe.folds' is 1000")]
    [InlineData("experiment", "probe.train_fraction=0.001", "--set probe.train_fraction=0.001: field 'probe.folds' is 5 with probe.train_fraction 0.001")]
    [InlineData("experiment", "probe.train_fraction=0.999", "--set probe.train_fraction=0.999: field 'probe.folds' is 5 with probe.train_fraction 0.999")]
    public void CostlyOrUnworkableSettingsAreRefusedBeforeAnyWork(string command, string set, string expected)
    {
        var run = Refused(command, expected, "--set", set);
        Assert.DoesNotContain("depth", run.Stderr);
    }

    [Fact]
    public void BadOutIsOneLineAboutOut()
    {
        string file = _files.Write("a-file", "x");
        foreach (string command in new[] { "train", "experiment" })
        {
            Refused(command, "option '--out' = '" + file + "' is an existing file; allowed: a directory path", "--out", file);
            Refused(command, $"option '--out' = '{file}/run' is under '{file}', which is a file", "--out", file + "/run");
            Refused(command, "option '--out' is empty", "--out", "");
            Refused(command, "option '--out' = '/dev/null' is in /dev", "--out", "/dev/null");
            Refused(command, "option '--out' = '/proc/self/run' is in /proc", "--out", "/proc/self/run");
        }
    }

    [Fact]
    public void ARelativeProcessFileIsFoundFromTheExperimentFileAndTheRunReadsBackFromAnywhere()
    {
        string sub = Directory.CreateDirectory(Path.Combine(_files.Directory, "experiments")).FullName;
        File.WriteAllText(Path.Combine(sub, "biased.json"),
            """{ "name": "biased", "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[0.6, 0.1], [0.1, 0.2]], "1": [[0.1, 0.2], [0.3, 0.4]] } }""");
        string experiment = Path.Combine(sub, "e.json");
        File.WriteAllText(experiment, Tiny.Replace("\"mess3\"", "\"biased.json\"").Replace("\"d_vocab\": 3", "\"d_vocab\": 2"));
        string output = Path.Combine(_files.Directory, "run");

        var run = CliRun.Of("train", experiment, "--out", output); // the working directory is not sub
        Assert.True(run.ExitCode == 0, run.Stderr);
        string config = File.ReadAllText(Path.Combine(output, "config.json"));
        Assert.Contains($"\"process\": \"{Path.Combine(sub, "biased.json")}\"", config);
        using var trained = Models.Training.TrainedRun.Load(output);
        Assert.Equal(Path.Combine(sub, "biased.json"), trained.Config.Process);
    }
}
