using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Reports.Tests;

/// <summary>Real beliefs and plausible run numbers shared by the figure and report tests.</summary>
internal static class SampleData
{
    /// <summary>Mess3's exact beliefs for every prefix up to <paramref name="contextLength"/>, with a noisy copy as the "prediction".</summary>
    public static BeliefComparison Mess3(int contextLength = 6, double noise = 0.01) => Beliefs("mess3", contextLength, noise);

    public static BeliefComparison Beliefs(string spec, int contextLength, double noise) =>
        Beliefs(ProcessCatalog.Resolve(spec), contextLength, noise);

    /// <summary>The exact beliefs of every prefix of <paramref name="process"/> up to <paramref name="contextLength"/>, in its belief space, with a noisy copy as the "prediction".</summary>
    public static BeliefComparison Beliefs(HiddenMarkovProcess process, int contextLength, double noise)
    {
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(contextLength, process.TokenCount));
        var truth = prefixes.Beliefs.ToArray();
        var random = new Random(7);
        var prediction = truth.Select(v => v + noise * (2 * random.NextDouble() - 1)).ToArray();
        return new BeliefComparison(process.States, truth, prediction, prefixes.Probabilities.ToArray(), Space: process.BeliefSpace);
    }

    public static readonly double[] Floor = [0.9349, 0.9000, 0.8800, 0.8700, 0.8640, 0.8600];

    public static readonly string[] Hooks = ["hook_embed", "blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "ln_final.hook_normalized"];

    public static readonly double[] R2 = [0.41, 0.83, 0.95, 0.93];

    public static PositionLoss PositionLoss() => new(Floor.Select(f => f + 0.005).ToArray(), Floor);

    public static TrainingCurve TrainingCurve()
    {
        var tokens = Enumerable.Range(1, 100).Select(i => i * 20_000.0).ToArray();
        return new TrainingCurve(tokens, tokens.Select(t => 0.88 + 0.2 * Math.Exp(-t / 4e5)).ToArray(), Floor.Average(), [5e5, 2e6], [0.92, 0.885]);
    }

    public static ProbeScores ProbeScores() =>
        new(Hooks.Select((h, i) => new HookScore(h, R2[i], 0.001 * i)).ToArray(), [new ReferenceLine("Next-token target", 0.6)]);

    public static IReadOnlyList<VarianceCurve> VarianceCurves() =>
        Hooks.Select((h, i) => new VarianceCurve(h, Enumerable.Range(1, 16).Select(k => 1 - Math.Exp(-k / (1.0 + i))).ToArray())).ToArray();

    public static ProbeRow[] ProbeRows() =>
        Hooks.Select((h, i) => new ProbeRow(h, R2[i], R2[i] - 0.01, 0.001 * i, (1 - R2[i]) * 0.04)).ToArray();

    /// <summary>Index of the best of <see cref="ProbeRows"/> (blocks.1.hook_resid_post, R² 0.95), as the Prober would choose it.</summary>
    public const int BestRow = 2;

    /// <summary>
    /// Writes every figure into <paramref name="directory"/> and returns report content using them, in the sections of a
    /// run's report: result, probes, loss, geometry, process and theory, settings. The optional arguments replace parts.
    /// </summary>
    public static ReportContent Report(string directory, string title = "Mess3 sample", ReportFigure? beliefFigure = null,
        IReadOnlyList<ReportItem>? process = null, IReadOnlyList<ProbeRow>? probeRows = null)
    {
        var beliefs = BeliefFigure.Write(Mess3(), Path.Combine(directory, "beliefs"));
        var rows = probeRows ?? ProbeRows();
        int best = probeRows is null ? BestRow : 0;
        return new ReportContent
        {
            Title = title,
            Subtitle = "mess3:x=0.05,a=0.85",
            Sections =
            [
                ProbeSections.Result(rows, best,
                    beliefFigure ?? ReportFigure.From(beliefs, "Beliefs in the 2-simplex", "Ground truth beside a noisy stand-in prediction.")),
                ProbeSections.Table(rows, best, ReportFigure.From(ProbeScoreFigure.Write(ProbeScores(), Path.Combine(directory, "r2")), "R² by hook point")),
                new ReportSection("loss", "Loss against the theoretical floor", [new ReportGrid(
                [
                    ReportFigure.From(PositionLossFigure.Write(PositionLoss(), Path.Combine(directory, "loss")), "Loss per position"),
                    ReportFigure.From(TrainingCurveFigure.Write(TrainingCurve(), Path.Combine(directory, "training")), "Training curve"),
                ])]),
                new ReportSection("geometry", "Activation geometry", [new ReportGrid(
                    [ReportFigure.From(ExplainedVarianceFigure.Write(VarianceCurves(), Path.Combine(directory, "pca")), "PCA of activations")])]),
                new ReportSection("process", "The process and its theory", [new ReportGrid(
                [
                    new ReportFacts("Process", process ?? [new("Process", "mess3"), new("States", "A, B, C")]),
                    new TheorySummary(1.145, 0.571, null, [1, 3, 9, 27], 40, Floor, ["h_μ is approximate"], [2, 2, 2, 2]),
                ])]),
                new ReportSection("settings", "Model and training", [new ReportGrid(
                [
                    new ReportFacts("Model", [new("n_layers", "4"), new("d_model", "64")]),
                    new ReportFacts("Training", [new("Optimizer", "Adam"), new("Learning rate", "0.01")]),
                ])]),
            ],
            Footer = "BeliefGeometry tests",
        };
    }

    /// <summary>The PNG of the R² figure written by <see cref="Report"/> into <paramref name="directory"/>.</summary>
    public static string ProbeFigurePng(string directory) => Path.Combine(directory, "r2.png");
}
