using System.CommandLine;
using System.Globalization;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Models.Import;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief import &lt;state_dict.pt&gt; --config &lt;config.json&gt; --process &lt;spec&gt; [--out DIR]</c>: a TransformerLens
/// model saved by <c>torch.save(model.state_dict())</c> becomes a run directory for <c>belief probe</c> and
/// <c>belief report</c> (<see cref="ModelImport"/>); prints its per-position loss against the floor.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var stateDict = new Argument<string>("state_dict.pt") { Description = "A TransformerLens HookedTransformer state dict saved with torch.save(model.state_dict())" };
        var config = new Option<string>("--config")
        {
            Description = "Its config: JSON with TransformerLens names (n_layers, d_model, n_heads, d_head, d_mlp, d_vocab, n_ctx, act_fn, normalization_type), or epsilon-transformers' train_config.json",
            HelpName = "config.json",
            Required = true,
        };
        var process = new Option<string>("--process")
        {
            Description = "The process the model was trained on, e.g. mess3:x=0.05,a=0.85 (see 'belief processes'); its token count must be d_vocab",
            HelpName = "spec",
            Required = true,
        };
        var output = new Option<string?>("--out") { Description = "Run directory (default: runs/import-<file name>); it must be absent or empty", HelpName = "DIR" };
        var sets = new Option<string[]>("--set")
        {
            Description = $"Override a setting of the run that is not the model's, e.g. --set probe.folds=3 (repeatable; allowed: {string.Join(", ", ModelImport.Settable)})",
            HelpName = "path=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("import", "Turn a published TransformerLens model into a run directory for 'belief probe' and 'belief report'; writes config.json, model.safetensors, model_config.json and import.json")
        {
            stateDict, config, process, output, sets,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(stateDict), parse.GetRequiredValue(config), parse.GetRequiredValue(process),
            parse.GetValue(output), parse.GetValue(sets) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string stateDict, string config, string process, string? output, IReadOnlyList<string> sets, TextWriter stdout, TextWriter stderr)
    {
        if (output is not null) OutputDirectory.Check(output);
        string runDirectory = output ?? Path.Combine("runs", ModelImport.DefaultName(stateDict));
        var result = ModelImport.Run(stateDict, config, process, runDirectory, sets, line => { stderr.WriteLine($"belief import: {line}"); stderr.Flush(); });
        Print(result.Record.Validation, Consoles.Over(stdout));
        stdout.WriteLine($"wrote {result.RunDirectory} (config.json, model.safetensors, model_config.json, import.json); next: belief probe {result.RunDirectory}");
        stdout.Flush();
        return ExitCodes.Success;
    }

    /// <summary>Loss, floor and loss − floor per position, then the means and the largest excess.</summary>
    public static void Print(ImportValidation validation, IAnsiConsole console)
    {
        var table = new Table { Border = TableBorder.Simple, Title = new TableTitle($"Validation loss against the floor (nats, {(validation.Exact ? "exact" : "sampled")})") };
        foreach (string c in new[] { "position", "loss", "floor", "loss − floor" })
            table.AddColumn(new TableColumn(c).RightAligned());
        for (int t = 0; t < validation.ValLoss.Count; t++)
            table.AddRow(t.ToString(CultureInfo.InvariantCulture), Nats(validation.ValLoss[t]), Nats(validation.Floor[t]),
                Nats(validation.ValLoss[t] - validation.Floor[t]));
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean loss {validation.MeanValLoss:F6} nats, mean floor {validation.MeanFloor:F6}, gap {validation.MeanGap:F6}; largest excess {validation.MaxExcess:F6} at position {validation.MaxExcessPosition}"));
    }

    private static string Nats(double value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
