namespace BeliefGeometry.Reports.Html;

/// <summary>
/// The report sections of a probe: the result (lead, cards of the best probe, the headline figure) and the table of
/// probes with its figure. The best row is given — it is chosen where the probes are fitted, not here.
/// </summary>
public static class ProbeSections
{
    /// <summary>
    /// <c>result</c>: <paramref name="summary"/> (when null, one sentence about row <paramref name="best"/>), cards of
    /// that row when there is one (<paramref name="best"/> ≥ 0), then <paramref name="headline"/> full width.
    /// </summary>
    public static ReportSection Result(IReadOnlyList<ProbeRow> rows, int best, ReportFigure headline, string? summary = null,
        string target = "belief state")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(headline);
        var row = best >= 0 ? rows[best] : null;
        summary ??= row is null ? null
            : $"A linear probe reads the {target} from {row.Hook} with held-out R² = {ReportPage.Number(row.HeldOutR2)}, " +
              $"against {ReportPage.Number(row.ShuffleR2)} for the same probe fitted to shuffled targets.";
        return new ReportSection("result", null,
        [
            .. summary is null ? Array.Empty<ReportBlock>() : [new ReportParagraph(summary, Lead: true)],
            .. row is null ? Array.Empty<ReportBlock>() : [new ReportCards(
            [
                new("Best hook point", row.Hook, "hook"),
                new("Held-out R²", ReportPage.Number(row.HeldOutR2)),
                new("Cross-validated R²", ReportPage.Number(row.CvR2)),
                new("Shuffled-target R²", ReportPage.Number(row.ShuffleR2), "control"),
            ])],
            headline with { Kind = "headline" },
        ]);
    }

    /// <summary><c>probes</c>: the table of <paramref name="rows"/> (row <paramref name="best"/> marked) and the R² figure.</summary>
    public static ReportSection Table(IReadOnlyList<ProbeRow> rows, int best, ReportFigure? figure, string target = "belief state")
    {
        ArgumentNullException.ThrowIfNull(rows);
        // The spread over splits, the random null and the untrained model get columns when any row has them.
        bool splits = rows.Any(r => !double.IsNaN(r.SplitMean)), nulls = rows.Any(r => !double.IsNaN(r.RandomR2)),
            untrained = rows.Any(r => !double.IsNaN(r.UntrainedR2));
        string[] header = ["Hook point", "Held-out R²", .. splits ? ["Over splits (mean ± sd)"] : Array.Empty<string>(), "CV R²", "Shuffle R²",
            .. nulls ? ["Random R²"] : Array.Empty<string>(), .. untrained ? ["Untrained R²"] : Array.Empty<string>(), "MSE"];
        IReadOnlyList<string> Cells(ProbeRow r) =>
        [
            r.Hook, ReportPage.Number(r.HeldOutR2),
            .. splits ? [double.IsNaN(r.SplitMean) ? "—" : $"{ReportPage.Number(r.SplitMean)} ± {ReportPage.Number(r.SplitSd)}"] : Array.Empty<string>(),
            ReportPage.Number(r.CvR2), ReportPage.Number(r.ShuffleR2),
            .. nulls ? [ReportPage.Number(r.RandomR2)] : Array.Empty<string>(),
            .. untrained ? [ReportPage.Number(r.UntrainedR2)] : Array.Empty<string>(),
            ReportPage.Scientific(r.Mse),
        ];
        return new ReportSection("probes", $"Linear probes for the {target}",
        [
            .. rows.Count == 0 ? Array.Empty<ReportBlock>() : [new ReportTable(header, [.. rows.Select(Cells)], best)],
            .. figure is null ? Array.Empty<ReportBlock>() : [figure with { Kind = "wide" }],
        ]);
    }
}
