using System.Globalization;
using BeliefGeometry.Geometry;
using BeliefGeometry.Probing;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// The probe's part of the report (its results are probe.json, written by <c>belief probe</c>): the exact beliefs
/// beside the best probe's held-out predictions, R² per hook point against the shuffled control and the baselines,
/// R² by prefix length, and a weighted PCA of each hook point's activations.
/// </summary>
public sealed class ProbeReport : IRunAnalysis
{
    public string Name => "probe";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var probe = run.Probe;
        var hooks = probe.BeliefProbes;
        var baselines = probe.BeliefBaselines;
        var best = probe.Best;
        var prefixes = run.Prefixes;

        // The headline: exact beliefs beside the best probe's predictions, on the same held-out prefixes.
        var rowsArray = run.ReadArray(run.Directory.BeliefPredictionRowsPath);
        var predictedArray = run.ReadArray(run.Directory.BeliefPredictionsPath);
        int states = prefixes.StateCount;
        var rows = rowsArray.ToArray<int>();
        var predicted = predictedArray.ToArray<double>();
        if (predicted.Length != (long)rows.Length * states || rows.Any(r => r < 0 || r >= prefixes.Count))
            throw new InputException(
                $"'{run.Directory.BeliefPredictionsPath}' does not match '{run.Directory.BeliefPredictionRowsPath}' and the run's {prefixes.Count:N0} prefixes of {states} states; run 'belief probe {run.Directory.Path}' again");
        var truth = new double[rows.Length * states];
        var weights = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            prefixes.Belief(rows[i]).CopyTo(truth.AsSpan(i * states, states));
            weights[i] = prefixes.Probability(rows[i]);
        }
        string? bestName = best?.Features;
        var process = run.Process;
        var beliefKind = BeliefFigure.KindOf(process.BeliefSpace, states);
        var beliefFigure = BeliefFigure.Write(new BeliefComparison(process.States, truth, predicted, weights,
            "Ground truth η", $"Probe prediction from {bestName}", process.BeliefSpace), run.Figure("beliefs"));

        var probeFigure = ProbeScoreFigure.Write(new ProbeScores(
            [.. hooks.Select(r => new HookScore(r.Features, Value(r.HeldOut.R2), Value(r.ShuffledHeldOutR2)))],
            [.. baselines.Select(r => new ReferenceLine(BaselineLabel(r.Features), Value(r.HeldOut.R2)))]), run.Figure("probe_r2"));

        var curves = new List<VarianceCurve>();
        foreach (var r in hooks)
        {
            string path = run.Directory.ActivationPath(r.Features);
            if (!File.Exists(path)) continue;
            var activations = run.ReadArray(path);
            var pca = PrincipalComponents.Fit(activations.Span<float>(), (int)activations.Shape[1], prefixes.Probabilities);
            curves.Add(new VarianceCurve(r.Features, pca.CumulativeExplainedVariance));
        }
        var varianceFigure = curves.Count > 0 ? ExplainedVarianceFigure.Write(curves, run.Figure("explained_variance")) : null;

        // R² by prefix length: the best probe, the best single hook point and the embedding.
        var lengthSeries = new[] { best, probe.BestSingleHook(ProbeRun.ConcatenationName), hooks.FirstOrDefault() }
            .OfType<ProbeResult>().DistinctBy(r => r.Features)
            .Where(r => r.HeldOut.R2PerLength is { Count: > 0 })
            .Select(r => new LengthSeries(r.Features, [.. r.HeldOut.R2PerLength!.Select(l => l.Length)], [.. r.HeldOut.R2PerLength!.Select(l => Value(l.R2))]))
            .ToList();
        var lengthFigure = lengthSeries.Count > 0 ? LengthScoreFigure.Write(lengthSeries, run.Figure("r2_by_length")) : null;

        var probeRows = hooks.Select(r =>
        {
            var spread = SplitSpread.MeanAndSd(r.HeldOutR2OverSplits);
            var random = baselines.FirstOrDefault(n => n.RandomNull && n.FeatureCount == r.FeatureCount);
            return new ProbeRow(r.Features, Value(r.HeldOut.R2), Value(r.CrossValidation?.R2), Value(r.ShuffledHeldOutR2), r.HeldOut.Mse,
                random is null ? double.NaN : Value(random.HeldOut.R2), spread?.Mean ?? double.NaN, spread?.Sd ?? double.NaN, Value(r.RandomInit?.R2));
        }).ToList();
        int bestRow = best is null ? -1 : probeRows.FindIndex(r => r.Hook == best.Features);
        var geometry = new List<ReportBlock>();
        if (varianceFigure is not null)
            geometry.Add(ReportFigure.From(varianceFigure, "Explained variance of activations",
                "Cumulative explained variance of a probability-weighted PCA of each hook point's activations."));
        if (lengthFigure is not null)
            geometry.Add(ReportFigure.From(lengthFigure, "R² by prefix length",
                "Held-out belief R² among the prefixes of each length (each length carries the same total probability weight)."));

        var sweep = hooks.Where(r => r.HeldOutR2ByTrainFraction is { Count: > 0 }).ToList();
        var fractions = sweep.FirstOrDefault()?.HeldOutR2ByTrainFraction ?? [];
        var sweepTable = new ReportTable(["Hook point", .. fractions.Select(f => string.Create(CultureInfo.InvariantCulture, $"Fitted on {100 * f.TrainFraction:0}%"))],
            [.. sweep.Select(r => (IReadOnlyList<string>)[r.Features, .. r.HeldOutR2ByTrainFraction!.Select(f => SplitSpread.MeanAndSd(f.R2) is { } m
                ? $"{ReportPage.Number(m.Mean)} ± {ReportPage.Number(m.Sd)}" : "—")])]);

        return
        [
            ProbeSections.Result(probeRows, bestRow, ReportFigure.From(beliefFigure, BeliefFigure.Title(beliefKind),
                $"The exact beliefs of {rows.Length:N0} held-out prefixes (lengths {prefixes.MinLength}–{prefixes.MaxLength}) beside the affine probe's prediction from {bestName}, fitted on the other {run.Config.Probe.TrainFraction:P0}: {BeliefFigure.Coloring(beliefKind, withPrediction: true)}."),
                Summary(best, baselines)),
            ProbeSections.Table(probeRows, bestRow, ReportFigure.From(probeFigure, "R² by hook point",
                "Held-out R² of the belief probe beside the same probe fitted to shuffled targets; horizontal lines: the belief R² from baseline features alone, and from random features as wide as the hook points and as their concatenation (the null). Untrained R²: the same probe of the same model at initialisation.")),
            .. sweep.Count > 0 ? [new ReportSection("train_fraction", "Held-out R² by training fraction", [new ReportParagraph(
                $"The belief probe refitted (same estimator and λ) on a larger share of the prefixes and scored on the rest, mean ± sd over {fractions[0].R2.Count} seeded splits: whether the held-out score is limited by the rows the probe learns from."), sweepTable])] : Array.Empty<ReportSection>(),
            .. geometry.Count > 0 ? [new ReportSection("geometry", "Activation geometry", [new ReportGrid(geometry)])] : Array.Empty<ReportSection>(),
        ];
    }

    /// <summary>The lead: which hook point reads the belief best, its held-out R² and MSE, the shuffled control and the baselines.</summary>
    internal static string Summary(ProbeResult? best, IReadOnlyList<ProbeResult> baselines)
    {
        if (best is null) return "No probe was fitted.";
        string text = string.Create(CultureInfo.InvariantCulture,
            $"A linear probe reads the belief state from {best.Features} with held-out R² = {Value(best.HeldOut.R2):0.0000} (MSE {best.HeldOut.Mse:0.0e+0}), against {Value(best.ShuffledHeldOutR2):0.000} for the same probe fitted to shuffled targets");
        if (baselines.FirstOrDefault(r => r.RandomNull && r.FeatureCount == best.FeatureCount) is { } random)
            text += string.Create(CultureInfo.InvariantCulture, $", {Value(random.HeldOut.R2):0.000} for random features as wide");
        if (best.RandomInit is { } untrained)
            text += string.Create(CultureInfo.InvariantCulture, $" and {Value(untrained.R2):0.000} for the same model untrained");
        text += ".";
        var references = baselines.Where(r => !r.RandomNull).ToList();
        if (references.Count > 0)
            text += " From baseline features alone: " + string.Join(", ", references.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{BaselineLabel(r.Features)} R² = {Value(r.HeldOut.R2):0.000}"))) + ".";
        return text;
    }

    private static string BaselineLabel(string features) => features switch
    {
        "next_token_distribution" => "next-token distribution",
        "last_1_tokens" => "last token",
        _ when features.StartsWith("last_", StringComparison.Ordinal) => $"last {features.Split('_')[1]} tokens",
        _ when features.StartsWith("random_", StringComparison.Ordinal) => $"random, {features["random_".Length..]} wide",
        _ => features,
    };

    private static double Value(double? value) => value ?? double.NaN;
}
