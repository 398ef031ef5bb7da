using System.Globalization;
using BeliefGeometry.Probing;
using BeliefGeometry.Probing.FarFuture;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// Next-token versus far-future information (docs/design.md section 2.6): the geometric shuffle test
/// (<see cref="FarFutureTest"/>) on the activations the probe exported, with the probe's hook points, folds, estimator
/// and seed (probe.json's settings), beside the same architecture at its initialisation. Writes far_future.json and
/// figures/far_future, and the section "Beyond the next token".
/// </summary>
public sealed class FarFutureReport : IRunAnalysis
{
    /// <summary>A p-value at or below this is reported as the activations carrying the far-future part.</summary>
    public const double Significance = 0.05;

    private const string Heading = "Beyond the next token";
    private const string SectionId = "far-future";

    public string Name => "far_future";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var prefixes = run.Prefixes;
        var settings = run.Probe.Analysis.Settings;
        var subspace = new NextTokenSubspace(run.Process);
        if (subspace.SeesEverything)
        {
            run.WriteJson(Name, FarFutureTest.Run([], prefixes, settings));
            return [Section(new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"Nothing to test: E, the {subspace.StateCount} × {run.Process.TokenCount} matrix of next-token probabilities per state, has rank {subspace.Rank} = the number of states, so the next-token distribution is an invertible linear map of the belief and r = 0: no part of the belief lies beyond the next token."), Lead: true))];
        }

        var hooks = run.Probe.BeliefProbes.Select(r => r.Features).Where(f => f != settings.ConcatenationName).ToList();
        if (hooks.Count == 0) throw new InputException($"'{run.Probe.Path}' probes no hook point; run 'belief probe {run.Directory.Path}' again");
        if (hooks.Select(run.Directory.ActivationPath).FirstOrDefault(p => !File.Exists(p)) is { } missing)
            return [Section(new ReportParagraph(
                $"The shuffle test reads the activations of every probed hook point, and '{missing}' is missing: run 'belief probe {run.Directory.Path}' (without --no-activations) to export them, then 'belief report {run.Directory.Path}'."))];

        var blocks = hooks.Select(run.Activations).ToList();
        var result = FarFutureTest.Run(blocks, prefixes, settings, run.UntrainedActivations(hooks));
        run.WriteJson(Name, result);
        return [Tested(run, result)];
    }

    private static ReportSection Tested(RunContext run, FarFutureResult result)
    {
        var lead = result.FeatureSets.FirstOrDefault(s => s.Concatenation) ?? result.FeatureSets.MaxBy(s => s.R2 ?? double.NegativeInfinity)!;
        var references = new List<ReferenceLine>
        {
            new("Next-token distribution → beliefs", Value(result.NextTokenR2)),
            new("Next-token distribution → shuffled", result.NextTokenShuffledR2!.Mean),
            new(string.Create(CultureInfo.InvariantCulture, $"Beliefs → shuffled (1 − r = {1 - result.FarFutureFraction:0.000})"), result.BeliefShuffledR2!.Mean),
        };
        var figure = FarFutureFigure.Write(new FarFutureCurves([.. result.FeatureSets.Where(s => !s.Concatenation).Select(Point)],
            result.FeatureSets.Where(s => s.Concatenation).Select(Point).FirstOrDefault(), references), run.Figure("far_future"));

        string[] header = ["Hook point", "R²", "Shuffled R² (mean ± sd)", "Shuffled 5–95%", "Untrained R²", "p"];
        var rows = result.FeatureSets.Select(s => (IReadOnlyList<string>)
        [
            s.Features, ReportPage.Number(Value(s.R2)), $"{ReportPage.Number(s.ShuffledR2.Mean)} ± {ReportPage.Number(s.ShuffledR2.Sd)}",
            $"[{ReportPage.Number(s.ShuffledR2.Q05)}, {ReportPage.Number(s.ShuffledR2.Q95)}]", ReportPage.Number(Value(s.UntrainedR2)), ReportPage.Number(s.PValue),
        ]).ToList();
        return Section(
            new ReportParagraph(Verdict(lead, result.Shuffles), Lead: true),
            new ReportCards(
            [
                new("Far-future fraction r", ReportPage.Number(result.FarFutureFraction)),
                new($"{lead.Features} R²", ReportPage.Number(Value(lead.R2))),
                new("Null part shuffled", $"{ReportPage.Number(lead.ShuffledR2.Mean)} ± {ReportPage.Number(lead.ShuffledR2.Sd)}", "control"),
                new("p-value", ReportPage.Number(lead.PValue)),
                new("Untrained model R²", ReportPage.Number(Value(lead.UntrainedR2)), "control"),
            ]),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"E, the matrix of next-token probabilities per state, has rank {result.NextTokenRank} of {result.States}: a fraction r = {result.FarFutureFraction:0.000} of the belief's variance lies in null(Eᵀ), where the next token cannot see it. Each of {result.Shuffles} shuffles keeps every prefix's next-token part of the belief and gives it the null(Eᵀ) part of a prefix of the same length, drawn in proportion to probability (systematic resampling). Every R² is the probe's {result.Folds}-fold CV R² with its estimator (a ridge penalty is chosen on the real beliefs and kept for the shuffles), and p = (1 + #shuffles scoring at least the beliefs' R²) / (1 + {result.Shuffles}).")),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"References that do not depend on the model: the next-token distribution explains R² {Value(result.NextTokenR2):0.000} of the beliefs and {result.NextTokenShuffledR2.Mean:0.000} of the shuffled beliefs; the beliefs themselves explain {result.BeliefShuffledR2.Mean:0.000} ± {result.BeliefShuffledR2.Sd:0.000} of the shuffled beliefs, 1 − r = {1 - result.FarFutureFraction:0.000} less the fit's finite-sample loss.")),
            new ReportTable(header, rows, result.FeatureSets.ToList().IndexOf(lead), "lead"),
            ReportFigure.From(figure, "R² of the beliefs and of the shuffled beliefs by hook point",
                $"{result.Folds}-fold CV R² from each hook point (forward order) and, right, from their concatenation: of the beliefs, of the beliefs with their null(Eᵀ) part shuffled (mean and 5–95% band over {result.Shuffles} shuffles) and of the beliefs from the untrained model. Horizontal lines: references that do not depend on the model.") with { Kind = "wide" });
    }

    private static FarFuturePoint Point(FarFutureScore s) =>
        new(s.Features, Value(s.R2), s.ShuffledR2.Mean, s.ShuffledR2.Q05, s.ShuffledR2.Q95, Value(s.UntrainedR2));

    /// <summary>One sentence: whether the feature set carries the far-future part, its R² against the shuffles and the p-value.</summary>
    private static string Verdict(FarFutureScore score, int shuffles)
    {
        string finding = score.PValue <= Significance
            ? "The residual stream carries the far-future part of the belief"
            : "The residual stream shows no sign of the far-future part of the belief";
        return string.Create(CultureInfo.InvariantCulture,
            $"{finding}: {score.Features} R² {Value(score.R2):0.000} against {score.ShuffledR2.Mean:0.000} ± {score.ShuffledR2.Sd:0.000} with that part shuffled (p = {score.PValue:0.000}, {shuffles} shuffles).");
    }

    private static ReportSection Section(params ReportBlock[] blocks) => new(SectionId, Heading, blocks);

    private static double Value(double? value) => value ?? double.NaN;
}
