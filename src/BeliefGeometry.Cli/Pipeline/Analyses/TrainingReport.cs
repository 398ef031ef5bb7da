using System.Globalization;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// The loss against the theoretical floor. For a trained run, from metrics.jsonl: the last evaluation per position and the
/// training curve. For an imported model, from import.json: its loss per position, with a note that it was not trained here.
/// </summary>
public sealed class TrainingReport : IRunAnalysis
{
    public string Name => "training";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        if (run.Import is { } imported)
        {
            var v = imported.Validation;
            string note = string.Create(CultureInfo.InvariantCulture,
                $"This model was imported, not trained here: its weights are {imported.Source} (SHA-256 {imported.SourceSha256}) with the config {imported.Config}, read by belief import, so there is no training curve. Its {(v.Exact ? "exact" : "sampled")} validation loss is {v.MeanValLoss:F6} nats per position against the floor {v.MeanFloor:F6}: {v.MeanGap:F6} above it on average, {v.MaxExcess:F6} at most (position {v.MaxExcessPosition}).");
            return [Section([new ReportParagraph(note), new ReportGrid([PositionLossFigure(run, v.ValLoss, v.Floor)])])];
        }
        var (train, evals) = (run.Metrics.Train, run.Metrics.Evals);
        var last = evals.LastOrDefault();
        if (last is null) return [];
        var figures = new List<ReportBlock> { PositionLossFigure(run, last.ValLoss, last.Floor) };
        if (train.Count > 0)
            figures.Add(ReportFigure.From(TrainingCurveFigure.Write(new TrainingCurve(
                [.. train.Select(t => t.Tokens)], [.. train.Select(t => t.Loss)], last.MeanFloor,
                [.. evals.Select(e => e.Tokens)], [.. evals.Select(e => e.MeanValLoss)]), run.Figure("training")),
                "Training curve", "Training loss against tokens seen."));
        return [Section([new ReportGrid(figures)])];
    }

    private static ReportSection Section(IReadOnlyList<ReportBlock> blocks) => new("loss", "Loss against the theoretical floor", blocks);

    private static ReportFigure PositionLossFigure(RunContext run, IReadOnlyList<double> loss, IReadOnlyList<double> floor) =>
        ReportFigure.From(Reports.Figures.PositionLossFigure.Write(new PositionLoss(loss, floor), run.Figure("position_loss")), "Loss per position",
            "Validation loss at each context position (nats) against the floor h(L)·ln 2 of the theory.");
}
