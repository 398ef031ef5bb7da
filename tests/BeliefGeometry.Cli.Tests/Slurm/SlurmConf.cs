using System.Net;
using System.Net.Sockets;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>
/// The slurm.conf of a one-node cluster on 127.0.0.1 whose state, spool, pid and log files and MUNGE socket all
/// live in <see cref="Directory"/>: no accounting, no cgroups, the current user as SlurmUser, jobs started at once.
/// </summary>
internal sealed record SlurmConf(string Directory, string ClusterName, int ControllerPort, int NodePort)
{
    /// <summary>The node's name: slurmd is started with <c>-N localhost</c>, so the machine's host name never matters.</summary>
    public const string Node = "localhost";

    /// <summary>Seconds a round trip may take; a client also retries connecting for this long, less one second.</summary>
    public int MessageTimeout { get; init; } = 10;

    public string Path => System.IO.Path.Combine(Directory, "slurm.conf");

    public string MungeSocket => System.IO.Path.Combine(Directory, "munge", "munge.socket");

    /// <summary>A conf for a new cluster in <paramref name="directory"/>, on two TCP ports free right now.</summary>
    public static SlurmConf Create(string directory)
    {
        int[] ports = FreePorts(2);
        return new(directory, "belief" + Guid.NewGuid().ToString("N")[..10], ports[0], ports[1]);
    }

    /// <summary>Distinct TCP ports no one listens on now: the kernel's picks for port 0, all held until all are picked.</summary>
    private static int[] FreePorts(int count)
    {
        var probes = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Any, 0)).ToArray();
        try
        {
            foreach (var probe in probes) probe.Start();
            return probes.Select(p => ((IPEndPoint)p.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var probe in probes) probe.Dispose();
        }
    }

    public void Write() => File.WriteAllText(Path, Render());

    // cons_tres with CR_Core: array tasks share the node, one core each, and memory is not a consumable.
    // config_overrides: the configured CPUs and memory stand even if they differ from what slurmd detects.
    // sched_interval=1: the main scheduler runs every second (not every 60), so a freed core or a satisfied
    // dependency starts the next job within a second. KillWait=2: a cancelled job gets SIGKILL 2 s after SIGTERM.
    // MinJobAge=60: scontrol show job still reports a finished job's state for a minute.
    private string Render()
    {
        string user = Environment.UserName, dir = Directory;
        long memoryMb = Math.Max(1, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1 << 20));
        return $"""
            ClusterName={ClusterName}
            SlurmctldHost={Node}(127.0.0.1)
            SlurmctldPort={ControllerPort}
            SlurmdPort={NodePort}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={MungeSocket}
            StateSaveLocation={dir}/state
            SlurmdSpoolDir={dir}/spool
            SlurmctldPidFile={dir}/slurmctld.pid
            SlurmdPidFile={dir}/slurmd.pid
            SlurmctldLogFile={dir}/slurmctld.log
            SlurmdLogFile={dir}/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            SwitchType=switch/none
            MpiDefault=none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            SlurmdParameters=config_overrides
            ReturnToService=2
            MessageTimeout={MessageTimeout}
            SchedulerParameters=sched_interval=1
            KillWait=2
            MinJobAge=60
            NodeName={Node} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory={memoryMb} State=UNKNOWN
            PartitionName=debug Nodes={Node} Default=YES MaxTime=INFINITE State=UP

            """;
    }
}
