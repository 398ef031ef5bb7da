using System.Globalization;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// The sweep's <c>report.html</c>: the held-out belief probe on all layers concatenated per setting, as mean ± sd over
/// seeds (the <c>seed</c> axis) with each seed's value, beside its nulls and baselines; then every point.
/// </summary>
public static class SweepReport
{
    public const string FileName = "report.html";

    /// <summary>The figure's files in the sweep directory (.png and .svg).</summary>
    public const string FigureName = "sweep_scores";

    /// <summary>The axis whose points are repeats of one setting.</summary>
    public const string SeedAxis = "seed";

    /// <summary>Writes report.html into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(SweepPlan plan, IReadOnlyList<SweepRow> rows, string directory)
    {
        int finished = rows.Count(r => r.Finished);
        var groups = rows.GroupBy(r => Setting(r.Point)).ToList();
        var summary = new List<IReadOnlyList<string>>();
        foreach (var group in groups)
        {
            var done = group.Where(r => r.Finished).ToList();
            summary.Add([
                Values(group.First().Point),
                $"{done.Count}/{group.Count()}",
                Spread(done, r => r.R2),
                Each(done, r => r.R2),
                Spread(done, r => r.ShuffledR2),
                Spread(done, r => r.RandomFeaturesR2),
                Spread(done, r => r.UntrainedR2),
                Spread(done, r => r.MarkovBaselineR2),
                Spread(done, r => r.LossGap, ReportPage.Scientific),
            ]);
        }
        var each = rows.Select(r => (IReadOnlyList<string>)[
            r.Point.Name, r.Finished ? "finished" : "not finished", r.Parameters?.ToString("N0", CultureInfo.InvariantCulture) ?? "—",
            Number(r.R2), Number(r.ShuffledR2), Number(r.RandomFeaturesR2), Number(r.UntrainedR2), Number(r.MarkovBaselineR2), Number(r.LossGap, ReportPage.Scientific),
            Number(r.TokensPerSecond, v => v.ToString("N0", CultureInfo.InvariantCulture))]).ToList();
        int? order = rows.Select(r => r.MarkovOrder).FirstOrDefault(o => o is not null);
        string markov = order is { } m ? $"last {m} tokens" : "last tokens";
        var scored = groups.Select(g => g.Where(r => r.Finished).ToList()).ToList();
        var figure = scored.Any(g => g.Count > 0)
            ? SweepScoreFigure.Write([.. groups.Zip(scored, (g, done) => new SweepScores(Values(g.First().Point), Values(done, r => r.R2), Values(done, r => r.UntrainedR2), Values(done, r => r.MarkovBaselineR2)))],
                $"{markov} (Markov baseline)", Path.Combine(directory, FigureName))
            : null;
        var content = new ReportContent
        {
            Title = $"Sweep {plan.Name}: belief geometry over {rows.Count} runs",
            Subtitle = $"{plan.Experiment} · {finished} of {rows.Count} points finished",
            Sections =
            [
                new ReportSection("settings", "Belief probes per setting", [
                    new ReportParagraph(
                        $"Held-out R² of the belief probe on all layers concatenated (fitted on the training prefixes, scored on the held-out ones, weighted by P(prefix)), as mean ± sd over the finished seeds of each setting, and each seed's value. Beside it, fitted and scored the same way: the same probe on shuffled targets, on random features as wide, on the same architecture untrained (random initialisation), and from the {markov} alone (the Markov-order baseline). Loss gap: the final mean validation loss above the floor, in nats.",
                        Lead: true),
                    new ReportTable([SettingHeader(plan), "runs", "R²", "each seed", "shuffled", "random features", "untrained", markov, "loss gap"], summary),
                    .. figure is null ? Array.Empty<ReportBlock>() : [new ReportFigure("Belief R² per setting and seed", figure.SvgPath, figure.PngPath,
                        $"Each point one seed: trained (filled), the same architecture untrained (open), and the belief from the {markov} alone (cross). R² below −0.2 is drawn at −0.2.") { Kind = "wide" }],
                ]),
                new ReportSection("points", "Every point", [
                    new ReportTable(["point", "status", "parameters", "R²", "shuffled", "random features", "untrained", markov, "loss gap", "tokens/s"], each),
                    new ReportParagraph($"The same table, with every setting as its own column, is {SweepTable.CsvFileName} and {SweepTable.JsonFileName}; each point's own report is in its run directory."),
                ]),
            ],
            Footer = $"belief sweep · {plan.Points.Count} points",
        };
        return ReportPage.Write(content, Path.Combine(directory, FileName));
    }

    /// <summary>A point's settings without its seed: the group its seeds are averaged in.</summary>
    private static string Setting(SweepPoint point)
    {
        var rest = point.Settings.Where(s => s.Key != SeedAxis).Select(s => $"{s.Key}={s.Value}").ToList();
        return rest.Count == 0 ? "(all)" : string.Join(", ", rest);
    }

    private static string Spread(IReadOnlyList<SweepRow> rows, Func<SweepRow, double?> value, Func<double, string>? format = null)
    {
        var values = rows.Select(value).OfType<double>().Where(double.IsFinite).ToList();
        if (values.Count == 0) return "—";
        var spread = ProbeComparison.Spread.Of(values);
        return values.Count == 1 ? Number(spread.Mean, format)
            : $"{Number(spread.Mean, format)} ± {Number(spread.StandardDeviation, format)}";
    }

    /// <summary>The axes a setting's values name ("architecture, process"), or "setting" when there are none but seed.</summary>
    private static string SettingHeader(SweepPlan plan)
    {
        var axes = SweepTable.Axes(plan).Where(a => a != SeedAxis).ToList();
        return axes.Count == 0 ? "setting" : string.Join(", ", axes);
    }

    /// <summary>A setting by its values alone ("lstm, mess3"), short enough for a table cell or a figure's axis.</summary>
    private static string Values(SweepPoint point)
    {
        var rest = point.Settings.Where(s => s.Key != SeedAxis).Select(s => s.Value).ToList();
        return rest.Count == 0 ? "(all)" : string.Join(", ", rest);
    }

    private static double[] Values(IReadOnlyList<SweepRow> rows, Func<SweepRow, double?> value) => [.. rows.Select(r => value(r) ?? double.NaN)];

    private static string Each(IReadOnlyList<SweepRow> rows, Func<SweepRow, double?> value) =>
        rows.Count == 0 ? "—" : string.Join(", ", rows.Select(r => Number(value(r))));

    /// <summary>A score as the run reports show it (<see cref="ReportPage.Number"/> unless <paramref name="format"/> says otherwise); missing as a dash.</summary>
    private static string Number(double? value, Func<double, string>? format = null) =>
        value is { } v && double.IsFinite(v) ? (format ?? ReportPage.Number)(v) : "—";
}
