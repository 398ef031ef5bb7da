using System.Diagnostics;
using System.Globalization;
using System.Text;
using BeliefGeometry.Export;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// A sweep as Slurm jobs: <c>slurm/array.sh</c>, a job array with one task per unfinished point, each running the
/// same <c>belief experiment</c> command a local sweep runs (threads = the task's CPUs); and <c>slurm/merge.sh</c>,
/// which writes the merged table and report once every task has ended (<c>--dependency=afterany</c>). Task logs go
/// to <c>logs/slurm-&lt;job&gt;_&lt;task&gt;.log</c>. Submission checks the controller first, so an unreachable one
/// submits nothing.
/// </summary>
public sealed class SlurmSweep(SweepPlan plan, string directory, string sweepFile, int threads, IReadOnlyList<string> sbatchOptions)
{
    public string SlurmPath => Path.Combine(directory, "slurm");
    public string ArrayScript => Path.Combine(SlurmPath, "array.sh");
    public string MergeScript => Path.Combine(SlurmPath, "merge.sh");

    /// <summary>The points the array runs: those not finished.</summary>
    public IReadOnlyList<SweepPoint> Pending { get; } = [.. plan.Points.Where(p => !p.IsFinished(directory))];

    /// <summary>Writes both scripts (atomically, executable); returns their paths.</summary>
    public (string Array, string Merge) Write()
    {
        Directory.CreateDirectory(SlurmPath);
        Directory.CreateDirectory(LocalSweep.LogsPath(directory));
        string logs = LocalSweep.LogsPath(directory);
        var array = new StringBuilder();
        array.Append("#!/bin/bash\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Job("")}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --array={string.Join(',', Pending.Select(p => p.Index))}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={threads}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={directory}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(logs, "slurm-%A_%a.log")}\n");
        foreach (string option in sbatchOptions) array.Append("#SBATCH ").Append(option).Append('\n');
        array.Append(CultureInfo.InvariantCulture, $"# Sweep '{plan.Name}' ({Path.Combine(directory, SweepPlan.FileName)}): task i runs point i, as 'belief sweep' runs it locally.\n")
            .Append("set -euo pipefail\n")
            .Append("threads=\"training.threads=${SLURM_CPUS_PER_TASK:-").Append(threads.ToString(CultureInfo.InvariantCulture)).Append("}\"\n")
            .Append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
        foreach (var point in Pending)
            array.Append(CultureInfo.InvariantCulture, $"  {point.Index}) exec {BeliefProgram.ShellLine(plan.ExperimentArguments(point, directory))} --set \"$threads\" ;;\n");
        array.Append("  *) echo \"belief sweep: no point $SLURM_ARRAY_TASK_ID in this array\" >&2; exit 2 ;;\nesac\n");

        var merge = new StringBuilder();
        merge.Append("#!/bin/bash\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Job("-merge")}\n")
            .Append("#SBATCH --cpus-per-task=1\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={directory}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(logs, "slurm-%j-merge.log")}\n");
        foreach (string option in sbatchOptions) merge.Append("#SBATCH ").Append(option).Append('\n');
        merge.Append(CultureInfo.InvariantCulture, $"# Sweep '{plan.Name}': the merged table and report, after every task of the array has ended.\n")
            .Append("set -euo pipefail\n")
            .Append(CultureInfo.InvariantCulture, $"exec {BeliefProgram.ShellLine(["sweep", sweepFile, "--out", directory, "--merge"])}\n");

        AtomicFile.WriteText(ArrayScript, array.ToString());
        AtomicFile.WriteText(MergeScript, merge.ToString());
        foreach (string script in new[] { ArrayScript, MergeScript })
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return (ArrayScript, MergeScript);
    }

    /// <summary>An unreachable controller (<c>scontrol ping</c> does not report it up) is a <see cref="SlurmException"/>.</summary>
    public static void CheckController()
    {
        var ping = Run("scontrol", ["ping"]);
        if (ping.ExitCode != 0 || !ping.Output.Contains("is UP", StringComparison.Ordinal))
            throw new SlurmException($"the Slurm controller is unreachable ('scontrol ping': {OneLine(ping.Output + " " + ping.Error)}); nothing was submitted");
    }

    /// <summary>
    /// Submits the written array and the merge job that depends on it; returns their job ids. A refused submission is
    /// a <see cref="SlurmException"/>.
    /// </summary>
    public (string ArrayJob, string MergeJob) Submit()
    {
        var array = Run("sbatch", ["--parsable", ArrayScript]);
        if (array.ExitCode != 0)
            throw new SlurmException($"sbatch refused the job array: {OneLine(array.Error + " " + array.Output)}; nothing was submitted");
        string arrayJob = array.Output.Trim().Split(';')[0];
        var merge = Run("sbatch", ["--parsable", $"--dependency=afterany:{arrayJob}", MergeScript]);
        if (merge.ExitCode != 0)
            throw new SlurmException($"sbatch refused the merge job: {OneLine(merge.Error + " " + merge.Output)}; the array is job {arrayJob} (merge later with 'belief sweep {sweepFile} --out {directory} --merge')");
        return (arrayJob, merge.Output.Trim().Split(';')[0]);
    }

    private string Job(string suffix) => new([.. ("belief-" + plan.Name + suffix).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    private static (int ExitCode, string Output, string Error) Run(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        Process? process;
        try { process = Process.Start(info); }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new SlurmException($"'{program}' is not on PATH: this machine is not a Slurm submit host (write the scripts only with --emit); nothing was submitted");
        }
        using (process)
        {
            var output = process!.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();
}

/// <summary>Slurm could not take the sweep (controller unreachable, submission refused): exit code 1, one line.</summary>
public sealed class SlurmException(string message) : Exception(message);
