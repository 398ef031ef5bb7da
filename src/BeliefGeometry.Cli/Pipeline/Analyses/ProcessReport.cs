using System.Globalization;
using System.Text.Json.Nodes;
using BeliefGeometry.Models.Import;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// The process and its theory (h_μ, E, C_μ, distinct beliefs, loss floor to depth n_ctx, the figure of its belief geometry),
/// then the model and the training settings — or, for an imported model, where it came from and what else its config said.
/// </summary>
public sealed class ProcessReport : IRunAnalysis
{
    public string Name => "process";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var config = run.Config;
        var process = run.Process;
        var theory = run.Theory;
        var settings = JsonNode.Parse(config.ToJson())!;
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
        // An imported run's config.json has a training section only because the format needs one: show the import instead.
        var (heading, history) = run.Import is { } imported
            ? ("Model and import", ImportFacts(imported, model))
            : ("Model and training", [new ReportFacts("Training", TrainingItems(settings, run.Metrics.Evals.LastOrDefault()))]);
        // The belief geometry from theory alone: every prefix the probes see, in the figure of the process's belief space.
        var prefixes = run.Prefixes;
        var kind = BeliefFigure.KindOf(process.BeliefSpace, process.StateCount);
        var geometry = ReportFigure.From(BeliefFigure.WriteExact(prefixes, run.Figure("belief_geometry")), $"{BeliefFigure.Title(kind)}, from theory",
            $"The exact belief of each of the {prefixes.Count:N0} prefixes of lengths {prefixes.MinLength}–{prefixes.MaxLength}, heavier (more probable) prefixes opaque and on top: {BeliefFigure.Coloring(kind)}.");
        return
        [
            new ReportSection("process", "The process and its theory",
                [new ReportGrid([new ReportFacts("Process", processItems), TheorySummary.From(theory, config.Data.Bos)]), geometry with { Kind = "wide" }]),
            new ReportSection("settings", heading, [new ReportGrid([new ReportFacts("Model", model), .. history])]),
        ];
    }

    private static ReportItem[] TrainingItems(JsonNode settings, RunMetrics.EvalLine? last) =>
    [
        .. Items(settings, "training"),
        .. last is null ? Array.Empty<ReportItem>() :
        [
            new("final mean validation loss", string.Create(CultureInfo.InvariantCulture, $"{last.MeanValLoss:F6} nats")),
            new("mean loss floor", string.Create(CultureInfo.InvariantCulture, $"{last.MeanFloor:F6} nats")),
            new("gap", string.Create(CultureInfo.InvariantCulture, $"{last.MeanGap:F6} nats")),
        ],
    ];

    /// <summary>Where the model came from, and the fields of its config that are not the model's (how it was trained), as given.</summary>
    private static ReportFacts[] ImportFacts(ImportRecord imported, IReadOnlyList<ReportItem> model) =>
    [
        new("Import",
        [
            new("source", imported.Source),
            new("source SHA-256", imported.SourceSha256[..16] + "…"),
            new("config", imported.Config),
            new("constant buffers left out", imported.Ignored.Count == 0 ? "none"
                : $"{imported.Ignored.Count} ({string.Join(", ", imported.Ignored.Select(b => b[(b.IndexOf(".attn.", StringComparison.Ordinal) + 1)..]).Distinct())})"),
        ]),
        new($"{imported.Config}, as given",
            [.. imported.ConfigFields.Where(kv => model.All(m => m.Key != kv.Key)).Select(kv => new ReportItem(kv.Key, kv.Value?.ToJsonString() ?? "null"))]),
    ];

    private static IEnumerable<ReportItem> Items(JsonNode settings, string section) =>
        settings[section]!.AsObject().Select(kv => new ReportItem(kv.Key, kv.Value?.ToJsonString() ?? "null"));
}
