using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// Runs a sweep's unfinished points on this machine, at most <c>jobs</c> at once, each an ordinary
/// <c>belief experiment</c> child process pinned to <c>threads</c> libtorch threads, its output in
/// <c>logs/&lt;point&gt;.log</c>. Finished points are skipped and started ones resume from their checkpoints, so a
/// killed sweep continues where it stopped. SIGINT/SIGTERM stop every child at a checkpoint; if the sweep itself is
/// killed, its children notice that their parent is gone (<see cref="ParentWatch"/>) and stop the same way.
/// </summary>
public sealed class LocalSweep(SweepPlan plan, string directory, int jobs, int threads, TextWriter progress)
{
    /// <summary>Seconds between status lines while nothing starts or ends.</summary>
    public const double StatusInterval = 15;

    /// <summary>The default number of runs at once: one per <paramref name="threads"/> cores, at least one.</summary>
    public static int DefaultJobs(int threads) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, threads));

    /// <summary>The logs folder of the sweep.</summary>
    public static string LogsPath(string directory) => Path.Combine(directory, "logs");

    /// <summary>One finished child: its point, exit code and wall time.</summary>
    public sealed record Outcome(SweepPoint Point, int ExitCode, TimeSpan Elapsed);

    /// <summary>Runs every unfinished point; returns the outcome of each point run now (empty when all were finished), or null when stopped by a signal.</summary>
    public IReadOnlyList<Outcome>? Run()
    {
        var pending = new Queue<SweepPoint>(plan.Points.Where(p => !p.IsFinished(directory)));
        int skipped = plan.Points.Count - pending.Count;
        Directory.CreateDirectory(LogsPath(directory));
        Say($"{plan.Points.Count} points, {skipped} finished before; running {pending.Count}, at most {jobs} at a time with {threads} thread(s) each");
        var running = new List<Child>();
        var outcomes = new List<Outcome>();
        var clock = Stopwatch.StartNew();
        var lastStatus = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        bool stopping = false;
        while (pending.Count > 0 || running.Count > 0)
        {
            if (stop.IsCancellationRequested && !stopping)
            {
                stopping = true;
                pending.Clear();
                Say($"stopping: {running.Count} running point(s) save a checkpoint and stop");
                foreach (var child in running) child.Terminate();
            }
            while (!stopping && running.Count < jobs && pending.Count > 0)
            {
                var point = pending.Dequeue();
                running.Add(Child.Start(plan, point, directory, threads));
                Say($"started {point.Name}");
                lastStatus.Restart();
            }
            var ended = running.FirstOrDefault(c => c.Process.HasExited);
            if (ended is null)
            {
                Task.WaitAny([.. running.Select(c => c.Process.WaitForExitAsync())], TimeSpan.FromSeconds(1));
                if (lastStatus.Elapsed.TotalSeconds >= StatusInterval)
                {
                    Say(Status(running, outcomes.Count + skipped, pending.Count, clock.Elapsed));
                    lastStatus.Restart();
                }
                continue;
            }
            running.Remove(ended);
            var outcome = new Outcome(ended.Point, ended.Process.ExitCode, ended.Clock.Elapsed);
            ended.Process.Dispose();
            if (stopping) continue; // stopped by the signal, resumed by the next run of the sweep
            outcomes.Add(outcome);
            Say(outcome.ExitCode == 0
                ? $"finished {outcome.Point.Name} in {Duration(outcome.Elapsed)} ({outcomes.Count + skipped}/{plan.Points.Count})"
                : $"FAILED {outcome.Point.Name} (exit {outcome.ExitCode}) after {Duration(outcome.Elapsed)}; its log: {Child.LogPath(directory, outcome.Point)}");
            lastStatus.Restart();
        }
        return stopping ? null : outcomes;
    }

    private string Status(IReadOnlyList<Child> running, int finished, int waiting, TimeSpan elapsed)
    {
        var states = running.Select(c =>
        {
            long? step = LastStep(new RunDirectory(c.Point.Directory(directory)).MetricsPath);
            long total = c.Point.TotalSteps;
            return step is { } s && s >= total ? $"{c.Point.Name}: probing" : $"{c.Point.Name}: step {step ?? 0}/{total}";
        });
        return $"{finished}/{plan.Points.Count} finished, {waiting} waiting, {Duration(elapsed)} elapsed · " + string.Join(" · ", states);
    }

    /// <summary>The step of the last training line of metrics.jsonl (its last 4 KB are read), or null.</summary>
    private static long? LastStep(string metrics)
    {
        try
        {
            using var stream = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - 4096), SeekOrigin.Begin);
            string[] lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (string line in lines.Reverse())
            {
                try
                {
                    using var json = JsonDocument.Parse(line);
                    if (json.RootElement.TryGetProperty("step", out var step)) return step.GetInt64();
                }
                catch (JsonException) { } // the first, partial line of the tail, or a line being written
            }
        }
        catch (IOException) { }
        return null;
    }

    private void Say(string line)
    {
        progress.WriteLine($"belief sweep {plan.Name}: {line}");
        progress.Flush();
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s");

    /// <summary>
    /// One running point: <c>sh -c 'exec setsid belief experiment … &gt;&gt; log 2&gt;&amp;1'</c> (one process: each
    /// program replaces the last, so this sweep stays its parent, which <see cref="ParentWatch"/> checks). Its own session keeps a terminal's Ctrl-C from reaching it besides the SIGTERM this sweep
    /// forwards (a second signal would end it before its checkpoint).
    /// </summary>
    private sealed class Child
    {
        private Child(SweepPoint point, Process process)
        {
            Point = point;
            Process = process;
        }

        public SweepPoint Point { get; }
        public Process Process { get; }
        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public static string LogPath(string directory, SweepPoint point) => Path.Combine(LogsPath(directory), point.Name + ".log");

        public static Child Start(SweepPlan plan, SweepPoint point, string directory, int threads)
        {
            var (program, prefix) = BeliefProgram.Command();
            // The log is the child's own stdout and stderr (no pipe to break if this process dies first).
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (string word in new[] { "-c", "log=$1; shift; exec setsid \"$@\" >>\"$log\" 2>&1", "sh", LogPath(directory, point), program })
                info.ArgumentList.Add(word);
            foreach (string word in prefix.Concat(plan.ExperimentArguments(point, directory)).Concat(["--set", $"training.threads={threads}"]))
                info.ArgumentList.Add(word);
            info.Environment[ParentWatch.Variable] = "1";
            File.AppendAllText(LogPath(directory, point),
                $"belief sweep: {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {BeliefProgram.ShellLine([.. plan.ExperimentArguments(point, directory), "--set", $"training.threads={threads}"])}\n");
            return new Child(point, Process.Start(info) ?? throw new InvalidOperationException("/bin/sh did not start"));
        }

        /// <summary>SIGTERM: the child's training stops at a checkpoint (exit 130).</summary>
        public void Terminate()
        {
            if (!Process.HasExited) _ = Kill(Process.Id, 15);
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
