using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Cli.Pipeline;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief compare &lt;run-dir&gt;… [--target belief] [--json]</c>: the probe scores of several runs (e.g. seeds) as
/// mean ± standard deviation and range per hook point (<see cref="ProbeComparison"/>).
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("run-dirs") { Description = "Probed run directories (e.g. one per seed)", Arity = ArgumentArity.OneOrMore };
        var target = new Option<string>("--target") { Description = "Probe target: belief, next_token, next_2_tokens, markov_1_belief, …", DefaultValueFactory = _ => "belief" };
        var json = new Option<bool>("--json") { Description = "Print one JSON array instead of the table" };
        var command = new Command("compare", "Probe scores across runs (seeds): mean ± sd and range per hook point") { runs, target, json };
        command.SetAction(parse =>
        {
            var rows = ProbeComparison.Compare(parse.GetRequiredValue(runs), parse.GetValue(target)!);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            else
                Print(rows, parse.GetValue(target)!, Consoles.Over(stdout));
            stdout.Flush();
            return ExitCodes.Success;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(ProbeRun.JsonOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static void Print(IReadOnlyList<ProbeComparison.Row> rows, string target, IAnsiConsole console)
    {
        int runs = rows.Count > 0 ? rows.Max(r => r.HeldOutR2.Runs) : 0;
        var table = new Table { Border = TableBorder.Simple, Title = new TableTitle($"{target} probes over {runs} run(s), held out: mean ± sd and range") };
        table.AddColumn("features");
        foreach (string c in new[] { "R²", "R² range", "MSE", "shuffled R²" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Features + (r.Baseline ? " (baseline)" : "")), MeanSd(r.HeldOutR2, "0.0000"), Range(r.HeldOutR2, "0.0000"),
                MeanSd(r.Mse, "0.00e+00"), MeanSd(r.ShuffledR2, "0.000"));
        console.Write(table);
    }

    private static string MeanSd(ProbeComparison.Spread s, string format) => s.Runs == 0 ? "—"
        : $"{s.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {s.StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";

    private static string Range(ProbeComparison.Spread s, string format) => s.Runs == 0 ? "—"
        : $"{s.Min.ToString(format, CultureInfo.InvariantCulture)}–{s.Max.ToString(format, CultureInfo.InvariantCulture)}";
}
