using System.Globalization;
using System.Text.Json.Nodes;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Geometry;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The report step: reads a probed run (config.json, metrics.jsonl, probe.json, activations/*.npy), draws the
/// figures into <c>figures/</c> (PNG and SVG) and writes the self-contained <c>report.html</c>.
/// </summary>
public static class RunReport
{
    public static string Write(string runDirectory)
    {
        var files = new RunFiles(runDirectory);
        if (!File.Exists(files.ProbeJson))
            throw new InputException($"run '{runDirectory}' has no probe.json; run 'belief probe {runDirectory}' first");
        var run = new RunDirectory(runDirectory);
        var config = ExperimentFile.Load(run.ConfigPath);
        var process = ProcessCatalog.Resolve(config.Process);
        var layout = new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos);
        var prefixes = PrefixSet.Enumerate(process, layout);
        var probe = JsonNode.Parse(File.ReadAllText(files.ProbeJson))!.AsObject();
        var results = probe["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var belief = results.Where(r => (string)r["target"]! == "belief").ToList();
        var hooks = belief.Where(r => !(bool)r["baseline"]!).ToList();
        var baselines = belief.Where(r => (bool)r["baseline"]!).ToList();
        string? best = (string?)probe["best_belief_features"];
        Directory.CreateDirectory(files.Figures);
        string Figure(string name) => Path.Combine(files.Figures, name);

        // The headline: exact beliefs beside the best probe's predictions, on the same held-out prefixes.
        var rows = Npy.Read(files.BeliefPredictionRows).ToArray<int>();
        var predicted = Npy.Read(files.BeliefPredictions).ToArray<double>();
        int states = prefixes.StateCount;
        var truth = new double[rows.Length * states];
        var weights = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            prefixes.Belief(rows[i]).CopyTo(truth.AsSpan(i * states, states));
            weights[i] = prefixes.Probability(rows[i]);
        }
        var beliefFigure = BeliefFigure.Write(new BeliefComparison(StateNames(states), truth, predicted, weights,
            "Ground truth η", $"Probe prediction from {best}"), Figure("beliefs"));

        var probeFigure = ProbeScoreFigure.Write(new ProbeScores(
            [.. hooks.Select(r => new HookScore((string)r["features"]!, R2(r["held_out"]!["r2"]), R2(r["shuffled_held_out_r2"])))],
            [.. baselines.Select(r => new ReferenceLine(BaselineLabel((string)r["features"]!), R2(r["held_out"]!["r2"])))]), Figure("probe_r2"));

        var (train, evals) = ReadMetrics(run.MetricsPath);
        var last = evals.LastOrDefault();
        FigureFiles? positionFigure = null, trainingFigure = null;
        if (last is not null)
            positionFigure = PositionLossFigure.Write(new PositionLoss(Doubles(last["val_loss"]), Doubles(last["floor"])), Figure("position_loss"));
        if (train.Count > 0 && last is not null)
            trainingFigure = TrainingCurveFigure.Write(new TrainingCurve(
                [.. train.Select(t => (double)t["tokens"]!)], [.. train.Select(t => R2(t["loss"]))], (double)last["mean_floor"]!,
                [.. evals.Select(e => (double)e["tokens"]!)], [.. evals.Select(e => R2(e["mean_val_loss"]))]), Figure("training"));

        FigureFiles? varianceFigure = null;
        var curves = new List<VarianceCurve>();
        foreach (var r in hooks)
        {
            string path = Path.Combine(files.Activations, (string)r["features"]! + ".npy");
            if (!File.Exists(path)) continue;
            var activations = Npy.Read(path);
            var pca = PrincipalComponents.Fit(activations.Span<float>(), (int)activations.Shape[1], prefixes.Probabilities);
            curves.Add(new VarianceCurve((string)r["features"]!, pca.CumulativeExplainedVariance));
        }
        if (curves.Count > 0) varianceFigure = ExplainedVarianceFigure.Write(curves, Figure("explained_variance"));

        // R² by prefix length: the best probe, the best single hook point and the embedding.
        var lengthSeries = new[] { best, hooks.Where(r => (string)r["features"]! != ProbeRun.ConcatenationName)
                .MaxBy(r => R2(r["held_out"]!["r2"]))?["features"]?.GetValue<string>(), (string?)hooks.FirstOrDefault()?["features"] }
            .OfType<string>().Distinct()
            .Select(name => hooks.Single(r => (string)r["features"]! == name))
            .Where(r => r["held_out"]!["r2_per_length"] is JsonArray)
            .Select(r => new LengthSeries((string)r["features"]!,
                [.. r["held_out"]!["r2_per_length"]!.AsArray().Select(l => (int)l!["length"]!)],
                [.. r["held_out"]!["r2_per_length"]!.AsArray().Select(l => R2(l!["r2"]))]))
            .ToList();
        var lengthFigure = lengthSeries.Count > 0 ? LengthScoreFigure.Write(lengthSeries, Figure("r2_by_length")) : null;

        var settings = JsonNode.Parse(config.ToJson())!;
        var theory = ProcessTheory.Compute(process, new TheoryOptions(Depth: config.Model.NCtx));
        var content = new ReportContent
        {
            Title = $"{config.Name}: belief-state geometry in the residual stream",
            Subtitle = $"{config.Process} · run {runDirectory}",
            Summary = Summary(best, hooks, baselines),
            BeliefFigure = ReportFigure.From(beliefFigure, "Beliefs in the simplex",
                $"{rows.Length:N0} held-out prefixes (lengths {prefixes.MinLength}–{prefixes.MaxLength}), coloured by their exact belief; right: the affine probe's prediction from {best}, fitted on the other {config.Probe.TrainFraction:P0}."),
            ProbeRows = [.. hooks.Select(r => new ProbeRow((string)r["features"]!, R2(r["held_out"]!["r2"]), R2(r["cross_validation"]!["r2"]),
                R2(r["shuffled_held_out_r2"]), R2(r["held_out"]!["mse"])))],
            ProbeFigure = ReportFigure.From(probeFigure, "R² by hook point",
                "Held-out R² of the belief probe beside the same probe fitted to shuffled targets; horizontal lines: the belief R² from baseline features alone."),
            PositionLossFigure = positionFigure is null ? null : ReportFigure.From(positionFigure, "Loss per position",
                "Validation loss at each context position (nats) against the floor h(L)·ln 2 of the theory."),
            TrainingFigure = trainingFigure is null ? null : ReportFigure.From(trainingFigure, "Training curve", "Training loss against tokens seen."),
            VarianceFigure = varianceFigure is null ? null : ReportFigure.From(varianceFigure, "Explained variance of activations",
                "Cumulative explained variance of a probability-weighted PCA of each hook point's activations."),
            ExtraFigures = lengthFigure is null ? [] : [ReportFigure.From(lengthFigure, "R² by prefix length",
                "Held-out belief R² among the prefixes of each length (each length carries the same total probability weight).")],
            Process = ProcessItems(process, config.Process),
            Theory = TheorySummary.From(theory, config.Data.Bos),
            Model = [.. Items(settings, "model"), new ReportItem("parameters", ((long?)probe["parameters"])?.ToString("N0", CultureInfo.InvariantCulture) ?? "—")],
            Training = [.. Items(settings, "training"), .. FinalLoss(last)],
            Footer = $"belief report {runDirectory} · probes: {hooks.Count} hook points, {(int)probe["prefixes"]!:N0} prefixes, seed {config.Seed}",
        };
        return ReportPage.Write(content, files.Report);
    }

    private static string Summary(string? best, List<JsonObject> hooks, List<JsonObject> baselines)
    {
        var top = hooks.FirstOrDefault(r => (string)r["features"]! == best);
        if (top is null) return "No probe was fitted.";
        string text = string.Create(CultureInfo.InvariantCulture,
            $"A linear probe reads the belief state from {best} with held-out R² = {R2(top["held_out"]!["r2"]):0.0000} (MSE {R2(top["held_out"]!["mse"]):0.0e+0}), against {R2(top["shuffled_held_out_r2"]):0.000} for the same probe fitted to shuffled targets.");
        if (baselines.Count > 0)
            text += " From baseline features alone: " + string.Join(", ", baselines.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{BaselineLabel((string)r["features"]!)} R² = {R2(r["held_out"]!["r2"]):0.000}"))) + ".";
        return text;
    }

    private static string BaselineLabel(string features) => features switch
    {
        "next_token_distribution" => "next-token distribution",
        "last_1_tokens" => "last token",
        _ when features.StartsWith("last_", StringComparison.Ordinal) => $"last {features.Split('_')[1]} tokens",
        _ => features,
    };

    private static IReadOnlyList<string> StateNames(int states) =>
        [.. Enumerable.Range(0, states).Select(s => states <= 26 ? ((char)('A' + s)).ToString() : $"s{s}")];

    private static double R2(JsonNode? node) => node is null ? double.NaN : (double)node;

    private static double[] Doubles(JsonNode? node) => [.. node!.AsArray().Select(R2)];

    private static (List<JsonObject> Train, List<JsonObject> Evals) ReadMetrics(string path)
    {
        var train = new List<JsonObject>();
        var evals = new List<JsonObject>();
        if (!File.Exists(path)) return (train, evals);
        foreach (string line in File.ReadLines(path))
        {
            if (JsonNode.Parse(line) is not JsonObject o) continue;
            (((string?)o["kind"]) == "eval" ? evals : train).Add(o);
        }
        return (train, evals);
    }

    private static IEnumerable<ReportItem> Items(JsonNode settings, string section) =>
        settings[section]!.AsObject().Select(kv => new ReportItem(kv.Key, kv.Value?.ToJsonString() ?? "null"));

    private static IEnumerable<ReportItem> FinalLoss(JsonObject? last)
    {
        if (last is null) yield break;
        yield return new ReportItem("final mean validation loss", string.Create(CultureInfo.InvariantCulture, $"{R2(last["mean_val_loss"]):F6} nats"));
        yield return new ReportItem("mean loss floor", string.Create(CultureInfo.InvariantCulture, $"{R2(last["mean_floor"]):F6} nats"));
        yield return new ReportItem("gap", string.Create(CultureInfo.InvariantCulture, $"{R2(last["mean_gap"]):F6} nats"));
    }

    private static IReadOnlyList<ReportItem> ProcessItems(HiddenMarkovProcess process, string spec) =>
    [
        new("process", spec),
        new("hidden states", process.StateCount.ToString(CultureInfo.InvariantCulture)),
        new("tokens", process.TokenCount.ToString(CultureInfo.InvariantCulture)),
        new("stationary π", string.Join(", ", process.Stationary.ToArray().Select(p => p.ToString("0.####", CultureInfo.InvariantCulture)))),
    ];
}
