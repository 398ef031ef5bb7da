using System.Globalization;
using System.Text.Json.Nodes;
using BeliefGeometry.Reports.Html;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>The process and its theory (h_μ, E, C_μ, distinct beliefs, loss floor to depth n_ctx), then the model and training settings.</summary>
public sealed class ProcessReport : IRunAnalysis
{
    public string Name => "process";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var config = run.Config;
        var process = run.Process;
        var theory = ProcessTheory.Compute(process, new TheoryOptions(Depth: config.Model.NCtx));
        var settings = JsonNode.Parse(config.ToJson())!;
        var last = run.Metrics.Evals.LastOrDefault();
        ReportItem[] processItems =
        [
            new("process", config.Process),
            new("hidden states", process.StateCount.ToString(CultureInfo.InvariantCulture)),
            new("tokens", process.TokenCount.ToString(CultureInfo.InvariantCulture)),
            new("stationary π", string.Join(", ", process.Stationary.ToArray().Select(p => p.ToString("0.####", CultureInfo.InvariantCulture)))),
        ];
        ReportItem[] model =
        [
            .. Items(settings, "model"),
            new("parameters", run.Probe.Info.Parameters?.ToString("N0", CultureInfo.InvariantCulture) ?? "—"),
        ];
        ReportItem[] training =
        [
            .. Items(settings, "training"),
            .. last is null ? Array.Empty<ReportItem>() :
            [
                new("final mean validation loss", string.Create(CultureInfo.InvariantCulture, $"{last.MeanValLoss:F6} nats")),
                new("mean loss floor", string.Create(CultureInfo.InvariantCulture, $"{last.MeanFloor:F6} nats")),
                new("gap", string.Create(CultureInfo.InvariantCulture, $"{last.MeanGap:F6} nats")),
            ],
        ];
        return
        [
            new ReportSection("process", "The process and its theory",
                [new ReportGrid([new ReportFacts("Process", processItems), TheorySummary.From(theory, config.Data.Bos)])]),
            new ReportSection("settings", "Model and training",
                [new ReportGrid([new ReportFacts("Model", model), new ReportFacts("Training", training)])]),
        ];
    }

    private static IEnumerable<ReportItem> Items(JsonNode settings, string section) =>
        settings[section]!.AsObject().Select(kv => new ReportItem(kv.Key, kv.Value?.ToJsonString() ?? "null"));
}
