using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>The loss against the theoretical floor, from metrics.jsonl: the last evaluation per position and the training curve.</summary>
public sealed class TrainingReport : IRunAnalysis
{
    public string Name => "training";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var (train, evals) = (run.Metrics.Train, run.Metrics.Evals);
        var last = evals.LastOrDefault();
        if (last is null) return [];
        var figures = new List<ReportBlock>
        {
            ReportFigure.From(PositionLossFigure.Write(new PositionLoss(last.ValLoss, last.Floor), run.Figure("position_loss")), "Loss per position",
                "Validation loss at each context position (nats) against the floor h(L)·ln 2 of the theory."),
        };
        if (train.Count > 0)
            figures.Add(ReportFigure.From(TrainingCurveFigure.Write(new TrainingCurve(
                [.. train.Select(t => t.Tokens)], [.. train.Select(t => t.Loss)], last.MeanFloor,
                [.. evals.Select(e => e.Tokens)], [.. evals.Select(e => e.MeanValLoss)]), run.Figure("training")),
                "Training curve", "Training loss against tokens seen."));
        return [new ReportSection("loss", "Loss against the theoretical floor", [new ReportGrid(figures)])];
    }
}
