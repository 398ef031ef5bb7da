using System.CommandLine;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief train &lt;experiment&gt; [--out DIR] [--resume] [--set path=value …]</c>: trains the experiment's model
/// into a run directory (<see cref="Trainer"/>), with progress and outcome as <see cref="TrainingConsole"/> shows them.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var experiment = new Argument<string>("experiment") { Description = "An experiment JSON file (see experiments/README.md)" };
        var output = new Option<string?>("--out")
        {
            Description = "Run directory (default: runs/<name>); it must be absent or empty unless --resume is given",
            HelpName = "DIR",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in the run directory from its last checkpoint" };
        var sets = new Option<string[]>("--set")
        {
            Description = "Override a field of the experiment, e.g. --set training.lr=3e-4 (repeatable)",
            HelpName = "path=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("train", "Train the experiment's model; writes config.json, metrics.jsonl and checkpoints/ to the run directory")
        {
            experiment, output, resume, sets,
        };
        command.SetAction(parse => Execute(
            parse.GetRequiredValue(experiment), parse.GetValue(output), parse.GetValue(resume), parse.GetValue(sets) ?? [],
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string experimentPath, string? output, bool resume, IReadOnlyList<string> sets, TextWriter stdout, TextWriter stderr)
    {
        if (output is not null) OutputDirectory.Check(output);
        var config = ExperimentFile.Load(experimentPath, sets);
        string runDirectory = output ?? Path.Combine("runs", config.Name);
        // Checked before any work, so a refused run costs nothing and writes nothing.
        if (!resume && new RunDirectory(runDirectory).IsNonEmpty)
            throw new InputException($"run directory '{runDirectory}' is not empty; pass --resume to continue that run, or choose another --out");
        string again = $"belief train {experimentPath} --out {runDirectory} --resume" + string.Concat(sets.Select(s => $" --set {s}"));
        return TrainingConsole.Train(config, runDirectory, resume, again, stdout, stderr) is null ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}
