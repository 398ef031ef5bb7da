using System.Diagnostics;
using System.Text.Json;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>
/// <c>belief sweep --slurm</c> against a real single-node Slurm cluster (<see cref="LocalSlurmCluster"/>): the job
/// array runs every point, the dependent merge job writes the table and report; with the controller down, one line,
/// exit 1, nothing submitted or written.
/// </summary>
public sealed class SlurmSweepTests(LocalSlurmCluster cluster) : IClassFixture<LocalSlurmCluster>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Sweep()
    {
        _files.Write("tiny.json", TinyExperiment.Json);
        return _files.Write("sweep.json", """{ "name": "on-slurm", "experiment": "tiny.json", "grid": { "seed": [0, 1], "model.d_model": [8] } }""");
    }

    [SlurmFact]
    public async Task EveryPointRunsAsATaskOfTheArrayAndTheMergeJobWritesTheTable()
    {
        string output = Path.Combine(_files.Directory, "out");
        var clock = Stopwatch.StartNew();
        var submitted = await Belief(cluster.Environment, "sweep", Sweep(), "--out", output, "--slurm");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        Assert.Matches(@"^submitted sweep 'on-slurm': job array \d+ \(2 tasks\), merge job \d+; results in ", submitted.Stdout);
        await cluster.WaitForJobsAsync(TimeSpan.FromMinutes(5));

        string table = Path.Combine(output, "table.json");
        Assert.True(File.Exists(table), $"no merged table after {clock.Elapsed.TotalSeconds:0} s; logs: " +
            string.Join("\n", Directory.GetFiles(Path.Combine(output, "logs")).Select(f => $"{f}: {File.ReadAllText(f)}")));
        using var document = JsonDocument.Parse(File.ReadAllText(table));
        var points = document.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["seed=0,model.d_model=8", "seed=1,model.d_model=8"], points.Select(p => p.GetProperty("point").GetString()));
        Assert.All(points, p =>
        {
            Assert.True(p.GetProperty("finished").GetBoolean());
            Assert.InRange(p.GetProperty("held_out_r2").GetDouble(), -10, 1);
        });
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "logs"), "slurm-*_*.log").Length);
        Assert.Single(Directory.GetFiles(Path.Combine(output, "logs"), "slurm-*-merge.log"));

        // Run again: every point is finished, so nothing is submitted and the table is merged here.
        var again = await Belief(cluster.Environment, "sweep", Sweep(), "--out", output, "--slurm");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.StartsWith("every point of sweep 'on-slurm' is finished; nothing to submit", again.Stdout);
    }

    [SlurmFact]
    public async Task EmitOnlyWritesTheScripts()
    {
        string output = Path.Combine(_files.Directory, "out");
        var emitted = await Belief(cluster.Environment, "sweep", Sweep(), "--out", output, "--slurm", "--emit", "--sbatch=--time=00:10:00");
        Assert.True(emitted.ExitCode == 0, emitted.Stderr);
        string array = File.ReadAllText(Path.Combine(output, "slurm", "array.sh"));
        Assert.Contains("#SBATCH --array=0,1\n", array);
        Assert.Contains("#SBATCH --time=00:10:00\n", array);
        Assert.Contains(" experiment ", array);
        var queue = await cluster.RunAsync("squeue", "-h");
        Assert.Equal("", queue.Stdout.Trim());
    }

    [SlurmFact]
    public async Task AnUnreachableControllerIsOneLineExitCode1AndNothingSubmittedOrWritten()
    {
        string directory = Path.Combine(_files.Directory, "down");
        Directory.CreateDirectory(directory);
        var conf = SlurmConf.Create(directory) with { MessageTimeout = 2 };
        conf.Write();
        string output = Path.Combine(_files.Directory, "out");
        var refused = await Belief(new Dictionary<string, string> { ["SLURM_CONF"] = conf.Path }, "sweep", Sweep(), "--out", output, "--slurm");
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.StderrLines);
        Assert.StartsWith("belief: error: the Slurm controller is unreachable ('scontrol ping': Slurmctld(primary) at", refused.Stderr);
        Assert.Contains("nothing was submitted", refused.Stderr);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>The built <c>belief</c> as a child process with <paramref name="environment"/> (SLURM_CONF).</summary>
    private static Task<CliRun> Belief(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        SlurmPrograms.RunAsync(environment, BeliefChild.Host, [BeliefChild.Program, .. args]);
}
