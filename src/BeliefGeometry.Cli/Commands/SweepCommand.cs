using System.CommandLine;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Cli.Pipeline.Sweeps;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief sweep &lt;sweep|name&gt; [--out DIR] [--jobs N] [--threads T] [--slurm [--emit] [--sbatch OPTION …]] [--merge]</c>:
/// every point of a sweep file as an ordinary run, locally (<see cref="LocalSweep"/>) or as a Slurm job array
/// (<see cref="SlurmSweep"/>), then the merged table (<see cref="SweepTable"/>) and report (<see cref="SweepReport"/>).
/// </summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep")
        {
            Description = $"A sweep JSON file, or a built-in sweep: {string.Join(", ", BuiltInExperiments.SweepNames)}",
        };
        var output = new Option<string?>("--out") { Description = "Sweep directory (default: runs/<name>)", HelpName = "DIR" };
        var jobs = new Option<int?>("--jobs") { Description = "Runs at once (default: the cores divided by --threads)", HelpName = "N" };
        var threads = new Option<int>("--threads") { Description = "libtorch threads of each run (replaces training.threads; default 1)", HelpName = "T", DefaultValueFactory = _ => 1 };
        var slurm = new Option<bool>("--slurm") { Description = "Submit a Slurm job array (one task per point) and a dependent merge job instead of running here" };
        var emit = new Option<bool>("--emit") { Description = "With --slurm: only write the job scripts into <out>/slurm" };
        var sbatch = new Option<string[]>("--sbatch")
        {
            Description = "With --slurm: an extra #SBATCH line for both jobs, e.g. --sbatch=--partition=gpu (repeatable)",
            HelpName = "OPTION",
            AllowMultipleArgumentsPerToken = false,
        };
        var merge = new Option<bool>("--merge") { Description = "Only write the merged table and report from the points' run directories" };
        var command = new Command("sweep", "Run every point of a sweep (seeds, settings, architectures) locally or on Slurm, then merge their scores")
        {
            sweep, output, jobs, threads, slurm, emit, sbatch, merge,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(sweep), parse.GetValue(output), parse.GetValue(jobs), parse.GetValue(threads),
            parse.GetValue(slurm), parse.GetValue(emit), parse.GetValue(sbatch) ?? [], parse.GetValue(merge),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string sweep, string? output, int? jobs, int threads, bool slurm, bool emit, IReadOnlyList<string> sbatch, bool merge,
        TextWriter stdout, TextWriter stderr)
    {
        if (jobs is < 1) throw new InputException($"option '--jobs' is {jobs}; allowed: an integer ≥ 1");
        if (threads is < 1 or > 256) throw new InputException($"option '--threads' is {threads}; allowed: an integer from 1 to 256");
        if (emit && !slurm) throw new InputException("option '--emit' needs '--slurm'");
        if (sbatch.Count > 0 && !slurm) throw new InputException("option '--sbatch' needs '--slurm'");
        if (merge && slurm) throw new InputException("options '--merge' and '--slurm' exclude each other");
        if (sbatch.FirstOrDefault(o => !o.StartsWith('-') || o.Contains('\n')) is { } bad)
            throw new InputException($"option '--sbatch' is '{bad}'; allowed: one sbatch option on one line, e.g. --sbatch=--time=02:00:00");
        if (output is not null) OutputDirectory.Check(output);

        var plan = Load(sweep);
        string directory = Path.GetFullPath(output ?? Path.Combine("runs", plan.Name));
        if (merge) return Merge(plan, directory, stdout);

        if (slurm)
        {
            if (!emit) SlurmSweep.CheckController();
            plan.Save(directory);
            // The merge job names the sweep as this command did: a built-in name, or the file by its full path.
            var jobsOnSlurm = new SlurmSweep(plan, directory, IsBuiltIn(sweep) ? sweep : Path.GetFullPath(sweep), threads, sbatch);
            if (jobsOnSlurm.Pending.Count == 0)
            {
                stdout.WriteLine($"every point of sweep '{plan.Name}' is finished; nothing to submit");
                return Merge(plan, directory, stdout);
            }
            var (arrayScript, mergeScript) = jobsOnSlurm.Write();
            if (emit)
            {
                stdout.WriteLine($"wrote {arrayScript} ({jobsOnSlurm.Pending.Count} tasks) and {mergeScript}; submit with:");
                stdout.WriteLine($"  job=$(sbatch --parsable {BeliefProgram.Quote(arrayScript)}) && sbatch --dependency=afterany:${{job%%;*}} {BeliefProgram.Quote(mergeScript)}");
                stdout.Flush();
                return ExitCodes.Success;
            }
            var (arrayJob, mergeJob) = jobsOnSlurm.Submit();
            stdout.WriteLine($"submitted sweep '{plan.Name}': job array {arrayJob} ({jobsOnSlurm.Pending.Count} tasks), merge job {mergeJob}; results in {directory}");
            stdout.Flush();
            return ExitCodes.Success;
        }

        plan.Save(directory);
        var outcomes = new LocalSweep(plan, directory, jobs ?? LocalSweep.DefaultJobs(threads), threads, stderr).Run();
        Merge(plan, directory, stdout);
        if (outcomes is null)
        {
            stderr.WriteLine($"belief: sweep stopped; every started point saved a checkpoint. Continue with: belief sweep {sweep}" + (output is null ? "" : $" --out {output}"));
            stderr.Flush();
            return ExitCodes.Interrupted;
        }
        var failed = outcomes.Where(o => o.ExitCode != 0).ToList();
        if (failed.Count > 0)
            throw new Models.Training.TrainingException(
                $"{failed.Count} of {plan.Points.Count} points failed ({string.Join(", ", failed.Select(f => f.Point.Name))}); their logs are in {LocalSweep.LogsPath(directory)}; run the sweep again to retry them");
        return ExitCodes.Success;
    }

    /// <summary>A built-in sweep name (without a '/'), else a sweep file.</summary>
    private static SweepPlan Load(string sweep) => IsBuiltIn(sweep)
        ? SweepFile.Parse(BuiltInExperiments.FindSweep(sweep)!, $"built-in sweep '{sweep}'", Directory.GetCurrentDirectory())
        : SweepFile.Load(sweep);

    private static bool IsBuiltIn(string sweep) => !sweep.Contains('/', StringComparison.Ordinal) && BuiltInExperiments.FindSweep(sweep) is not null;

    private static int Merge(SweepPlan plan, string directory, TextWriter stdout)
    {
        if (!Directory.Exists(directory))
            throw new InputException($"sweep directory '{directory}' does not exist; run the sweep first");
        var rows = SweepTable.Read(plan, directory);
        var (json, csv) = SweepTable.Write(plan, rows, directory);
        string report = SweepReport.Write(plan, rows, directory);
        stdout.WriteLine($"sweep '{plan.Name}': {rows.Count(r => r.Finished)} of {rows.Count} points finished; table: {json}, {csv}; report: {report}");
        stdout.Flush();
        return ExitCodes.Success;
    }
}
