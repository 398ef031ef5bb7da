namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief train</c> end to end, in-process, on a tiny model (one libtorch thread, a few steps).</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Tiny = """
        // a tiny run
        { "name": "tiny", "process": "golden_mean",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 2, "n_ctx": 4 },
          "training": { "steps": 6, "batch_size": 8, "eval_every": 3, "checkpoint_every": 3, "threads": 1 } }
        """;

    [Fact]
    public void TrainsIntoTheRunDirectory()
    {
        string experiment = _files.Write("tiny.json", Tiny);
        string output = Path.Combine(_files.Directory, "run");
        var run = CliRun.Of("train", experiment, "--out", output, "--set", "training.lr=3e-3", "--set", "seed=4");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(Path.Combine(output, "config.json")));
        Assert.Contains("\"lr\": 0.003", File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.Equal(6 + 2, File.ReadAllLines(Path.Combine(output, "metrics.jsonl")).Length); // 6 steps, evals at 3 and 6
        Assert.True(File.Exists(Path.Combine(output, "checkpoints", "final.ckpt")));
        string last = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"run '{output}': 6 steps", last);
        Assert.Contains("gap ", last);
        Assert.Contains("belief train: step 6/6", run.Stderr); // plain progress lines: stderr is not a terminal

        // A second run into the same directory is refused; with --resume the finished run is left as it is.
        var again = CliRun.Of("train", experiment, "--out", output, "--set", "training.lr=3e-3", "--set", "seed=4");
        Assert.Equal(2, again.ExitCode);
        Assert.Single(again.StderrLines);
        Assert.Contains("is not empty; pass --resume", again.Stderr);
        var resumed = CliRun.Of("train", experiment, "--out", output, "--resume", "--set", "training.lr=3e-3", "--set", "seed=4");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(8, File.ReadAllLines(Path.Combine(output, "metrics.jsonl")).Length);
    }

    [Theory]
    [InlineData("training.lr=-1", "field 'training.lr' is -1")]
    [InlineData("training.nope=1", "unknown field 'training.nope'")]
    [InlineData("no-equals-sign", "expected path=value")]
    public void BadSetIsOneLineAndExitTwo(string set, string expected)
    {
        string experiment = _files.Write("tiny.json", Tiny);
        string output = Path.Combine(_files.Directory, "run");
        var run = CliRun.Of("train", experiment, "--out", output, "--set", set);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains(expected, run.Stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void DivergenceIsOneLineAndExitOne()
    {
        string experiment = _files.Write("tiny.json", Tiny);
        string output = Path.Combine(_files.Directory, "run");
        var run = CliRun.Of("train", experiment, "--out", output,
            "--set", "training.optimizer=sgd", "--set", "training.lr=1e30", "--set", "training.checkpoint_every=1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("belief: error: training diverged at step", run.Stderr);
        Assert.Single(run.StderrLines, l => l.StartsWith("belief: error:", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, "checkpoints", "latest.ckpt")));
    }

    [Fact]
    public void MissingExperimentFileIsExitTwo()
    {
        var run = CliRun.Of("train", Path.Combine(_files.Directory, "absent.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Stderr);
    }
}
