using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BeliefGeometry.Cli.Tests.Sweeps;

/// <summary>
/// <c>belief sweep</c> on this machine: every point runs as its own <c>belief experiment</c>, at most <c>--jobs</c> at
/// once; the merged table and report follow; a second run skips finished points; a sweep killed with SIGKILL stops its
/// children at a checkpoint and, run again, finishes with every step trained exactly once and no finished point rerun.
/// </summary>
public sealed class LocalSweepTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Tiny = """
        { "name": "tiny-mess3", "seed": 2, "process": "mess3",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 3, "n_ctx": 4 },
          "training": { "steps": 30, "batch_size": 32, "lr": 1e-2, "eval_every": 10, "checkpoint_every": 10, "threads": 1 },
          "probe": { "folds": 3 } }
        """;

    [Fact]
    public void EveryPointRunsAtMostJobsAtOnceThenTheTableAndReportAreWrittenAndASecondRunSkipsThem()
    {
        _files.Write("tiny.json", Tiny);
        string sweep = _files.Write("sweep.json", """{ "name": "three", "experiment": "tiny.json", "grid": { "seed": [0, 1, 2] } }""");
        string output = Path.Combine(_files.Directory, "out");

        var first = CliRun.Of("sweep", sweep, "--out", output, "--jobs", "2");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("3 points, 0 finished before; running 3, at most 2 at a time with 1 thread(s) each", first.Stderr);
        Assert.Equal(2, MostAtOnce(first.Stderr));

        using (var table = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "table.json"))))
        {
            var points = table.RootElement.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(["seed=0", "seed=1", "seed=2"], points.Select(p => p.GetProperty("point").GetString()));
            foreach (var (point, seed) in points.Select((p, i) => (p, i)))
            {
                Assert.True(point.GetProperty("finished").GetBoolean());
                Assert.Equal(seed, point.GetProperty("seed").GetInt64());
                Assert.Equal(seed.ToString(CultureInfo.InvariantCulture), point.GetProperty("settings").GetProperty("seed").GetString());
                Assert.Equal("all layers", point.GetProperty("probe_features").GetString());
                // The scores are the run's own probe.json numbers.
                using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, $"seed={seed}", "probe.json")));
                var all = probe.RootElement.GetProperty("results").EnumerateArray()
                    .First(r => r.GetProperty("features").GetString() == "all layers" && r.GetProperty("target").GetString() == "belief");
                Assert.Equal(all.GetProperty("held_out").GetProperty("r2").GetDouble(), point.GetProperty("held_out_r2").GetDouble());
                Assert.Equal(all.GetProperty("shuffled_held_out_r2").GetDouble(), point.GetProperty("shuffled_r2").GetDouble());
                Assert.Equal(all.GetProperty("random_init").GetProperty("r2").GetDouble(), point.GetProperty("untrained_r2").GetDouble());
                Assert.True(point.GetProperty("loss_gap").GetDouble() >= -1e-9, "the validation loss is not below the floor");
                Assert.True(point.GetProperty("train_seconds").GetDouble() > 0);
            }
        }
        string[] csv = File.ReadAllLines(Path.Combine(output, "table.csv"));
        Assert.StartsWith("point,seed (setting),finished,process,model,seed,", csv[0]);
        Assert.Equal(4, csv.Length);
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<section id=\"settings\">", report);
        Assert.Contains("± ", report);

        var reports = Directory.GetDirectories(output, "seed=*").ToDictionary(d => d, d => File.GetLastWriteTimeUtc(Path.Combine(d, "report.html")));
        var second = CliRun.Of("sweep", sweep, "--out", output);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("3 points, 3 finished before; running 0", second.Stderr);
        Assert.DoesNotContain("started", second.Stderr);
        foreach (var (directory, time) in reports)
            Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(directory, "report.html")));
    }

    [Fact]
    public async Task ASweepKilledWithSigkillStopsItsRunsAtACheckpointAndResumesWithNothingLostOrRunTwice()
    {
        _files.Write("tiny.json", Tiny);
        // One at a time: the short point finishes, then the long one is killed mid-training.
        string sweep = _files.Write("sweep.json", """
            { "name": "killed", "experiment": "tiny.json", "points": [ { "training.steps": 30 }, { "training.steps": 2000, "training.checkpoint_every": 100 } ] }
            """);
        string output = Path.Combine(_files.Directory, "out");
        string shortRun = Path.Combine(output, "point=training.steps=30"), longRun = Path.Combine(output, "point=training.steps=2000,training.checkpoint_every=100");

        string killedAt;
        using (var sweepProcess = BeliefChild.Start("sweep", sweep, "--out", output, "--jobs", "1"))
        {
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(Path.Combine(shortRun, "report.html")) && TrainLines(longRun) >= 300))
            {
                if (sweepProcess.HasExited)
                    Assert.Fail("the sweep ended before it could be killed: " + sweepProcess.StandardError.ReadToEnd());
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "the short point did not finish in 3 minutes");
                await Task.Delay(50);
            }
            sweepProcess.Kill(); // SIGKILL: no chance to stop its children itself
            Assert.True(sweepProcess.WaitForExit(30_000)); // (not until its output closes: the orphans still hold it)
            killedAt = $"killed after {clock.Elapsed.TotalSeconds:F1} s at {TrainLines(longRun)} train lines; ";
        }
        // The orphaned run notices its closed standard input and stops at a checkpoint.
        var stopped = Stopwatch.StartNew();
        while (RunningFor(longRun))
        {
            Assert.True(stopped.Elapsed < TimeSpan.FromMinutes(1), "the run kept going after its sweep was killed");
            await Task.Delay(100);
        }
        Assert.True(File.Exists(Path.Combine(longRun, "checkpoints", "latest.ckpt")));
        Assert.False(File.Exists(Path.Combine(longRun, "checkpoints", "final.ckpt")),
            killedAt + "the long point was killed before its end: " + File.ReadAllText(Path.Combine(output, "logs", "point=training.steps=2000,training.checkpoint_every=100.log")));
        Assert.Contains("belief: interrupted at step", File.ReadAllText(Path.Combine(output, "logs", "point=training.steps=2000,training.checkpoint_every=100.log")));
        var finishedReport = File.GetLastWriteTimeUtc(Path.Combine(shortRun, "report.html"));

        var resumed = CliRun.Of("sweep", sweep, "--out", output);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("2 points, 1 finished before; running 1", resumed.Stderr);
        Assert.Equal(finishedReport, File.GetLastWriteTimeUtc(Path.Combine(shortRun, "report.html")));
        Assert.Single(File.ReadAllLines(Path.Combine(output, "logs", "point=training.steps=30.log")), l => l.StartsWith("belief sweep: ", StringComparison.Ordinal));
        var steps = File.ReadAllLines(Path.Combine(longRun, "metrics.jsonl"))
            .Where(l => l.Contains("\"kind\":\"train\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64());
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), steps);
        Assert.True(File.Exists(Path.Combine(longRun, "report.html")));
    }

    /// <summary>The most points running at once, from the sweep's "started" and "finished" lines.</summary>
    private static int MostAtOnce(string stderr)
    {
        int running = 0, most = 0;
        foreach (string line in stderr.Split('\n'))
        {
            if (line.Contains(": started ", StringComparison.Ordinal)) most = Math.Max(most, ++running);
            else if (line.Contains(": finished ", StringComparison.Ordinal)) running--;
        }
        return most;
    }

    private static int TrainLines(string run) => BeliefChild.CountLines(Path.Combine(run, "metrics.jsonl"), "\"kind\":\"train\"");

    /// <summary>Whether any process on this machine has <paramref name="run"/> on its command line.</summary>
    private static bool RunningFor(string run)
    {
        foreach (string process in Directory.GetDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ').Contains(run, StringComparison.Ordinal)) return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return false;
    }
}
