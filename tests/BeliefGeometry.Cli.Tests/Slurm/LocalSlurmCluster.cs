using System.Diagnostics;
using System.Security.Cryptography;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>
/// A real one-node Slurm cluster on this machine: munged, slurmctld and slurmd as child processes, configured entirely
/// in a private temporary directory (its own MUNGE key and socket, free TCP ports, a unique cluster name, so clusters
/// never collide). Started by the constructor, which returns once the node is idle; every job cancelled, the daemons
/// stopped and the directory removed on dispose, or when the process exits without disposing it.
/// Run sbatch, squeue or scontrol against it with <see cref="RunAsync"/>, or with <see cref="Environment"/> added.
/// </summary>
public sealed class LocalSlurmCluster : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly SlurmConf _conf;
    private readonly List<Daemon> _daemons = [];
    private int _disposed;

    public LocalSlurmCluster()
    {
        var clock = Stopwatch.StartNew();
        string directory = Directory.CreateTempSubdirectory("belief-slurm-").FullName;
        _conf = SlurmConf.Create(directory);
        Environment = new Dictionary<string, string> { ["SLURM_CONF"] = _conf.Path };
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        try
        {
            StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }
        StartupTime = clock.Elapsed;
    }

    /// <summary>The cluster's slurm.conf.</summary>
    public string ConfPath => _conf.Path;

    public string ClusterName => _conf.ClusterName;

    /// <summary>What a client of this cluster needs in its environment: SLURM_CONF.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>How long the constructor took to bring the node up.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Runs a Slurm client (sbatch, squeue, scontrol, …) against this cluster.</summary>
    public Task<CliRun> RunAsync(string program, params string[] args) => SlurmPrograms.RunAsync(Environment, program, args);

    /// <summary>Waits until squeue lists no job (pending, running or completing).</summary>
    public async Task WaitForJobsAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var queue = await RunAsync("squeue", "--noheader", "--format=%i %T %r").ConfigureAwait(false);
            if (queue.ExitCode == 0 && queue.Stdout.Trim().Length == 0) return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"jobs still queued after {timeout.TotalSeconds:0} s:\n{queue.Stdout}{queue.Stderr}\n{DaemonTails()}");
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (_daemons.Count == 3 && !_daemons.Any(d => d.HasExited)) CancelAllJobs();
        for (int i = _daemons.Count - 1; i >= 0; i--) _daemons[i].Dispose(); // slurmd, slurmctld, then munged
        Directory.Delete(_conf.Directory, recursive: true);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private async Task StartAsync()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the local Slurm cluster runs on Linux");
        // munged refuses a socket directory that others cannot enter and a key that others can read or that sits in a
        // directory others can write.
        string munge = Path.GetDirectoryName(_conf.MungeSocket)!, key = Path.Combine(munge, "munge.key");
        Directory.CreateDirectory(munge);
        const UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_conf.Directory, open);
        File.SetUnixFileMode(munge, open);
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        Directory.CreateDirectory(Path.Combine(_conf.Directory, "state"));
        Directory.CreateDirectory(Path.Combine(_conf.Directory, "spool"));
        _conf.Write();

        // In the foreground munged logs to stderr, not to --log-file.
        Launch("munged", "--foreground", $"--socket={_conf.MungeSocket}", $"--key-file={key}",
            $"--pid-file={Path.Combine(munge, "munged.pid")}", $"--seed-file={Path.Combine(munge, "munged.seed")}",
            $"--log-file={Path.Combine(munge, "munged.log")}");
        await WaitUntilAsync("munged to create its socket", () => Task.FromResult(File.Exists(_conf.MungeSocket))).ConfigureAwait(false);
        Launch("slurmctld", "-D", "-f", _conf.Path);
        Launch("slurmd", "-D", "-N", SlurmConf.Node, "-f", _conf.Path);
        await WaitUntilAsync("the node to be idle", async () =>
            (await RunAsync("sinfo", "--noheader", "--Node", "--format=%t").ConfigureAwait(false)).Stdout.Trim() == "idle").ConfigureAwait(false);
    }

    private void Launch(string program, params string[] args) => _daemons.Add(new Daemon(program, Environment, args));

    private async Task WaitUntilAsync(string what, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done().ConfigureAwait(false))
        {
            if (_daemons.FirstOrDefault(d => d.HasExited) is { } ended)
                throw new InvalidOperationException($"local Slurm cluster: {ended.Name} ended while waiting for {what}\n{DaemonTails()}");
            if (clock.Elapsed > StartupTimeout)
                throw new TimeoutException($"local Slurm cluster: no {what} after {StartupTimeout.TotalSeconds:0} s\n{DaemonTails()}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels every job and waits (briefly) for their steps to end, so no job outlives slurmd.</summary>
    private void CancelAllJobs()
    {
        RunAsync("scancel", $"--user={System.Environment.UserName}").GetAwaiter().GetResult();
        try
        {
            WaitForJobsAsync(TimeSpan.FromSeconds(15)).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            // The daemons are stopped anyway.
        }
    }

    private string DaemonTails() => string.Join('\n', _daemons.Select(d => $"--- {d.Name}:\n{d.Tail}"));
}
