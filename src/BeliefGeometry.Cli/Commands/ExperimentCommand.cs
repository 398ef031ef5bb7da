using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief experiment &lt;experiment|name&gt; [--out DIR] [--set path=value …] [--no-activations]</c>: train, probe and
/// report in one go. A name picks a built-in experiment (<see cref="BuiltInExperiments"/>); a run directory that
/// already holds this experiment is resumed (or, when finished, reused) rather than refused.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var experiment = new Argument<string>("experiment")
        {
            Description = $"An experiment JSON file, or a built-in name: {string.Join(", ", BuiltInExperiments.Names)} (a built-in name wins over a file of that name: write ./mess3 for the file)",
        };
        var output = new Option<string?>("--out") { Description = "Run directory (default: runs/<name>)", HelpName = "DIR" };
        var sets = new Option<string[]>("--set")
        {
            Description = "Override a field of the experiment, e.g. --set training.tokens=2e6 (repeatable)",
            HelpName = "path=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var noActivations = new Option<bool>("--no-activations") { Description = "Do not export activations/*.npy" };
        var command = new Command("experiment", "Train, probe and report: the whole pipeline, ending with report.html")
        {
            experiment, output, sets, noActivations,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(experiment), parse.GetValue(output), parse.GetValue(sets) ?? [],
            !parse.GetValue(noActivations), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string experiment, string? output, IReadOnlyList<string> sets, bool exportActivations, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        if (output is not null) OutputDirectory.Check(output);
        var config = Resolve(experiment, sets);
        string runDirectory = output ?? Path.Combine("runs", config.Name);
        var run = new RunDirectory(runDirectory);
        bool resume = run.IsNonEmpty; // the Trainer refuses a directory holding another experiment
        // The probe and the report write these after training: a file or folder in their way is refused now.
        run.RequireProbeWritable();
        run.RequireReportWritable();
        string again = $"belief experiment {experiment} --out {runDirectory}" + string.Concat(sets.Select(s => $" --set {s}"));
        if (TrainingConsole.Train(config, runDirectory, resume, again, stdout, stderr) is null)
            return ExitCodes.Interrupted;
        ProbeCommand.Execute(runDirectory, exportActivations, stdout, stderr);
        string report = RunReport.Write(runDirectory);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {report}  ({clock.Elapsed.TotalSeconds:F0} s in all)"));
        stdout.Flush();
        return ExitCodes.Success;
    }

    /// <summary>
    /// A built-in name (without a '/') is the built-in experiment, even when a file of that name is in the working
    /// directory (write ./mess3 for the file); otherwise an existing path, or one with a '/' or a .json ending, is read
    /// as an experiment file; otherwise one error line lists both options.
    /// </summary>
    public static ExperimentConfig Resolve(string experiment, IReadOnlyList<string> sets)
    {
        // The run is probed after training: its probe settings are checked against its prefixes now.
        if (!experiment.Contains('/', StringComparison.Ordinal) && BuiltInExperiments.Find(experiment) is { } json)
            return ExperimentFile.Parse(json, $"built-in experiment '{experiment}'", sets, probes: true);
        if (File.Exists(experiment) || Directory.Exists(experiment) || experiment.Contains('/', StringComparison.Ordinal)
            || experiment.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ExperimentFile.Load(experiment, sets, probes: true);
        throw new InputException(
            $"experiment '{experiment}' is neither a file nor a built-in experiment; built-in: {string.Join(", ", BuiltInExperiments.Names)}");
    }
}
