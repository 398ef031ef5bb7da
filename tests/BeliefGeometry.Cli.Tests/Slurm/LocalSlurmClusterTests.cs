using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>The local Slurm cluster runs job arrays and dependent jobs, and a client sees a missing controller quickly.</summary>
public sealed class LocalSlurmClusterTests(LocalSlurmCluster cluster, ITestOutputHelper output) : IClassFixture<LocalSlurmCluster>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [SlurmFact]
    public async Task AJobArrayThenAJobDependingOnItRunToTheirEnd()
    {
        string dir = _files.Directory;
        string task = _files.Write("task.sh", "#!/bin/bash\necho \"$SLURM_ARRAY_TASK_ID\" > \"$1/task-$SLURM_ARRAY_TASK_ID.txt\"\n");
        string merge = _files.Write("merge.sh", "#!/bin/bash\ncat \"$1\"/task-0.txt \"$1\"/task-1.txt \"$1\"/task-2.txt > \"$1/merged.txt\"\n");
        var clock = Stopwatch.StartNew();

        var array = await cluster.RunAsync("sbatch", "--parsable", "--array=0-2", $"--chdir={dir}", $"--output={dir}/task-%a.log", task, dir);
        Assert.True(array.ExitCode == 0, array.Stderr);
        string arrayId = array.Stdout.Trim().Split(';')[0];
        var merged = await cluster.RunAsync("sbatch", "--parsable", $"--dependency=afterany:{arrayId}", $"--chdir={dir}",
            $"--output={dir}/merge.log", merge, dir);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        await cluster.WaitForJobsAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"cluster {cluster.ClusterName} started in {cluster.StartupTime.TotalSeconds:0.0} s; array + dependent job ran in {clock.Elapsed.TotalSeconds:0.0} s");
        for (int i = 0; i < 3; i++) Assert.Equal($"{i}\n", File.ReadAllText(Path.Combine(dir, $"task-{i}.txt")));
        Assert.Equal("0\n1\n2\n", File.ReadAllText(Path.Combine(dir, "merged.txt")));
    }

    /// <summary><c>scontrol ping</c> answers at once: exit 0 and "is UP", or exit 1 and "is DOWN".</summary>
    [SlurmFact]
    public async Task ScontrolPingTellsARunningControllerFromAMissingOne()
    {
        var up = await cluster.RunAsync("scontrol", "ping");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
        Assert.Contains("is UP", up.Stdout);

        var down = await Unreachable(messageTimeout: 10, "scontrol", "ping");
        Assert.Equal(1, down.Run.ExitCode);
        Assert.Contains("is DOWN", down.Run.Stdout);
        Assert.True(down.Time < TimeSpan.FromSeconds(5), $"scontrol ping took {down.Time}");
    }

    /// <summary>
    /// Without a controller sbatch retries connecting for MessageTimeout − 1 seconds (9 s by default), then fails.
    /// </summary>
    [SlurmFact]
    public async Task SbatchFailsSoonWithoutAController()
    {
        var (run, time) = await Unreachable(messageTimeout: 2, "sbatch", "--parsable", $"--chdir={_files.Directory}", "--wrap=true");
        output.WriteLine($"sbatch gave up after {time.TotalSeconds:0.0} s: {run.Stderr.Trim()}");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unable to contact slurm controller", run.Stderr);
        Assert.True(time < TimeSpan.FromSeconds(5), $"sbatch took {time}");
    }

    /// <summary>
    /// A second cluster beside the fixture's runs on its own; disposed, it ends the job still running on it, and its
    /// controller and directory are gone while the fixture's cluster carries on.
    /// </summary>
    [SlurmFact]
    public async Task TwoClustersDoNotCollideAndADisposedOneLeavesNothingBehind()
    {
        string pidFile = Path.Combine(_files.Directory, "job.pid");
        var clock = Stopwatch.StartNew();
        var second = new LocalSlurmCluster();
        var started = clock.Elapsed;
        string directory = Path.GetDirectoryName(second.ConfPath)!;
        try
        {
            Assert.NotEqual(cluster.ClusterName, second.ClusterName);
            var config = await second.RunAsync("scontrol", "show", "config");
            Assert.Contains($"ClusterName             = {second.ClusterName}", config.Stdout);
            var job = await second.RunAsync("sbatch", "--parsable", $"--chdir={_files.Directory}", "--output=/dev/null",
                $"--wrap=echo $$ > {pidFile}; exec sleep 300");
            Assert.True(job.ExitCode == 0, job.Stderr);
            await WaitForFileAsync(pidFile);
        }
        finally
        {
            clock.Restart();
            second.Dispose();
            output.WriteLine($"second cluster started in {started.TotalSeconds:0.0} s, stopped (one job cancelled) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        Assert.False(IsRunning(int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture)), "the job outlived its cluster");
        Assert.False(Directory.Exists(directory));
        var ours = await cluster.RunAsync("scontrol", "ping");
        Assert.True(ours.ExitCode == 0, ours.Stdout + ours.Stderr);
    }

    private static async Task WaitForFileAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path) || File.ReadAllText(path).Trim().Length == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no {path} after 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Whether a process with this id exists and is not a zombie.</summary>
    private static bool IsRunning(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(')')[^1].Trim()[0] != 'Z';
    }

    /// <summary>Runs a Slurm client against a conf whose controller port no one listens on; times it.</summary>
    private async Task<(CliRun Run, TimeSpan Time)> Unreachable(int messageTimeout, string program, params string[] args)
    {
        var conf = SlurmConf.Create(_files.Directory) with { MessageTimeout = messageTimeout };
        conf.Write();
        var clock = Stopwatch.StartNew();
        var run = await SlurmPrograms.RunAsync(new Dictionary<string, string> { ["SLURM_CONF"] = conf.Path }, program, args);
        return (run, clock.Elapsed);
    }
}
