using System.Diagnostics;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// <c>belief train</c> as a real child process: killed with SIGKILL mid-run (no chance to clean up) or stopped with
/// SIGTERM, then resumed with <c>--resume</c>, it must end with exactly the weights of an uninterrupted run.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    // One libtorch thread: bitwise reproducible. Checkpoints every 7 steps, so a kill usually lands between two.
    private const string Experiment = """
        { "name": "killed", "seed": 11, "process": "mess3",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 3, "n_ctx": 6 },
          "training": { "steps": 1500, "batch_size": 16, "lr": 3e-3, "eval_every": 500, "checkpoint_every": 7, "threads": 1 } }
        """;

    [Fact]
    public async Task SigkillMidRunThenResumeEndsWithTheUninterruptedWeights()
    {
        string experiment = _files.Write("killed.json", Experiment);
        string straight = Path.Combine(_files.Directory, "straight"), killed = Path.Combine(_files.Directory, "killed");

        var reference = await Belief("train", experiment, "--out", straight);
        Assert.True(reference.ExitCode == 0, reference.Stderr);

        using (var child = BeliefChild.Start("train", experiment, "--out", killed))
        {
            WaitForTrainLines(child, Path.Combine(killed, "metrics.jsonl"), 300);
            child.Kill(); // SIGKILL
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "checkpoints", "final.ckpt")), "the run was killed before its end");

        var resumed = await Belief("train", experiment, "--out", killed, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "model.safetensors")), File.ReadAllBytes(Path.Combine(killed, "model.safetensors")));
        AssertOneTrainLinePerStep(killed, 1500);
        Assert.Empty(Directory.GetFiles(killed, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SigtermStopsCleanlyWithACheckpointAndTheResumeCommand()
    {
        string experiment = _files.Write("killed.json", Experiment);
        string run = Path.Combine(_files.Directory, "stopped");
        string stderr;
        int exitCode;
        using (var child = BeliefChild.Start("train", experiment, "--out", run))
        {
            var errors = child.StandardError.ReadToEndAsync();
            WaitForTrainLines(child, Path.Combine(run, "metrics.jsonl"), 200);
            Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(child.WaitForExit(60_000), "the child stops after SIGTERM");
            exitCode = child.ExitCode;
            stderr = await errors;
        }
        Assert.Equal(130, exitCode);
        string last = stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("belief: interrupted at step ", last);
        Assert.Contains("--resume", last);
        Assert.False(File.Exists(Path.Combine(run, "checkpoints", "final.ckpt")));
        long saved = long.Parse(last["belief: interrupted at step ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(saved >= 200 && saved < 1500, $"stopped at step {saved}");
        // The checkpoint holds exactly the step it stopped at, so nothing is lost.
        var resumed = await Belief("train", experiment, "--out", run, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertOneTrainLinePerStep(run, 1500);
    }

    private static void AssertOneTrainLinePerStep(string run, int steps)
    {
        var trainSteps = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"))
            .Where(l => l.Contains("\"kind\":\"train\"", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64());
        Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), trainSteps);
    }

    private static void WaitForTrainLines(Process child, string metrics, int lines)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(child.HasExited, "the child ended before it could be interrupted");
            if (File.Exists(metrics) && BeliefChild.CountLines(metrics) >= lines) return;
            Thread.Sleep(20);
        }
        Assert.Fail($"no {lines} metric lines after 2 minutes");
    }

    private static async Task<CliRun> Belief(params string[] args)
    {
        using var child = BeliefChild.Start(args);
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return new CliRun(child.ExitCode, await output, await errors);
    }
}
