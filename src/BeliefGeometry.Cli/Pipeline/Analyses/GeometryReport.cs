using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Cli.Pipeline.Geometry;
using BeliefGeometry.Geometry.Simplices;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// Belief geometry found without labels (docs/design.md section 2.8): the simplex search (<see cref="GeometryRun"/>) at
/// the hook point and settings of the run's geometry.json (as <c>belief geometry</c> last wrote them), or at the last
/// block's residual stream with the default settings; rewrites geometry.json and its files, and returns the section
/// "Belief geometry without labels": each candidate beside its nulls and, from the run's own beliefs, its held-out R².
/// </summary>
public sealed class GeometryReport : IRunAnalysis
{
    private const string Heading = "Belief geometry without labels";
    private const string SectionId = "unsupervised";

    public string Name => "geometry";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        var (hook, length, options) = Previous(run);
        // The analyses before this one leave their working memory behind; in 'belief experiment' the process also holds
        // training's and probing's, so the search starts from a compacted heap (as ProbeRun does between its stages).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var result = GeometryRun.OnRun(run, hook, length, options);
        return [Section(run, result)];
    }

    /// <summary>The hook point, prefix length and settings of an existing geometry.json (nulls and the defaults when there is none or it cannot be read).</summary>
    private static (string? Hook, int? Length, SimplexSearchOptions Options) Previous(RunContext run)
    {
        string path = Path.Combine(run.Directory.Path, GeometryFile.FileName);
        if (!File.Exists(path)) return (null, null, new SimplexSearchOptions());
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var source = document.RootElement.GetProperty("source");
            string? hook = source.GetProperty("hook").GetString();
            int? length = source.TryGetProperty("length", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null;
            var options = document.RootElement.GetProperty("settings").Deserialize<SimplexSearchOptions>(
                new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }) ?? new SimplexSearchOptions();
            return (hook is not null && File.Exists(run.Directory.ActivationPath(hook)) ? hook : null,
                length is { } n && n >= run.Prefixes.MinLength && n <= run.Prefixes.MaxLength ? length : null, options);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, null, new SimplexSearchOptions());
        }
    }

    private static ReportSection Section(RunContext run, GeometryFile file)
    {
        var search = file.Search;
        var found = search.Candidates.Select((c, i) => (c, i)).Where(t => t.c.Found).ToList();
        string hook = (file.Source.Hook ?? "") + (file.Source.Length is { } only ? $" (prefixes of length {only})" : "");
        var blocks = new List<ReportBlock> { new ReportParagraph(Verdict(file, hook), Lead: true) };
        // The lead candidate: the found one that fits best, else the best of all (none when there are no candidates).
        var best = (found.Count > 0 ? found : search.Candidates.Select((c, i) => (c, i))).OrderBy(t => t.c.HeldOutError).FirstOrDefault();
        blocks.Add(new ReportCards(
        [
            new("Hook point", hook, "hook"),
            new("Principal components searched", search.SearchedComponents.ToString(CultureInfo.InvariantCulture)),
            new("Candidates", search.Candidates.Count.ToString(CultureInfo.InvariantCulture)),
            new("Found", found.Count.ToString(CultureInfo.InvariantCulture)),
            .. best.c is { } lead ? (ReportCard[])
            [
                new($"Error, candidate {best.i}", Number(lead.HeldOutError)),
                .. lead.Nulls.Select(n => new ReportCard(NullName(n.Kind), $"{Number(n.Mean)} ± {Number(n.Sd)}", "control")),
            ] : [],
            .. file.Truth is { } truth ? (ReportCard[]) [new("Factors found", $"{truth.FactorsFound} of {truth.Factors.Count}"), new("Mean R² (held out)", Number(truth.MeanR2))] : [],
            new("Shuffled search: found", search.ShuffledFound.ToString(CultureInfo.InvariantCulture), "control"),
        ]));
        if (search.Candidates.Count > 0)
        {
            string[] columns = ["Candidate", "Vertices", "Variance", "Error (held out)", "Random directions", "Shuffled coordinates", "Found", .. file.Truth is null ? Array.Empty<string>() : ["Matched factor", "R² (held out)"]];
            var rows = search.Candidates.Select((c, i) =>
            {
                var match = file.Truth?.Factors.FirstOrDefault(f => f.Candidate == i);
                return (IReadOnlyList<string>)
                [
                    i.ToString(CultureInfo.InvariantCulture), c.Vertices.ToString(CultureInfo.InvariantCulture), (100 * c.VarianceShare).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                    Number(c.HeldOutError), .. c.Nulls.Select(n => $"{Number(n.Mean)} ± {Number(n.Sd)} (p = {ReportPage.Number(n.PValue)})"),
                    c.Found ? "yes" : "no", .. file.Truth is null ? Array.Empty<string>() : [match?.Name ?? "—", match?.R2 is { } r2 ? Number(r2) : "—"],
                ];
            }).ToList();
            blocks.Add(new ReportTable(columns, rows)); // no highlighted row: the "Found" column says which pass
        }
        blocks.Add(new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
            $"How it was searched, with no beliefs used: the activations' {search.SearchedComponents} principal components above the noise floor were whitened and rotated to independent components (FastICA), and components that stay dependent on one another were grouped (mutual information against a permutation test): each group is a candidate subspace. In each, a k-vertex simplex (archetypal analysis, k = 3…{file.Settings.MaxVertices}) was fitted on half the rows, k the largest whose fit is at least ten times better than the same fit on shuffled coordinates (else the best ratio). The error is the share of the candidate's variance left when each held-out row is replaced by the simplex's nearest point. Each candidate stands beside {file.Settings.Nulls} draws of two nulls fitted and scored the same way: as many random directions of the rest of the space, and its own coordinates shuffled across rows (the marginals kept, the joint shape destroyed). It is found when its error is below every null draw (p = {ReportPage.Number(1.0 / (file.Settings.Nulls + 1))}) and at most {ReportPage.Number(file.Settings.MaxNullRatio)} of each null's mean. The same search on the rows with every independent component shuffled found {search.ShuffledFound} of {search.ShuffledCandidates} candidates. Only then is the truth used: the best affine map from a candidate's barycentric coordinates to each factor's belief, fitted on the training rows and scored (R²) on the held-out rows, each factor matched to one candidate.")));
        foreach (var (c, i) in search.Candidates.Select((c, i) => (c, i)).OrderByDescending(t => t.c.Found).ThenBy(t => t.c.HeldOutError).Take(4))
        {
            string figure = Path.Combine(run.Directory.Path, file.Files[i].Figure);
            blocks.Add(ReportFigure.From(FigureFiles.For(figure), $"Candidate {i}: {c.Vertices} vertices ({(c.Found ? "found" : "not found")})",
                "Every prefix at its barycentric position (vertices v0… at the corners; a prefix outside the simplex falls outside the polygon), coloured by its true belief when that has 3 states, otherwise by its barycentric coordinates; heavier prefixes opaque and on top."));
        }
        return new ReportSection(SectionId, Heading, blocks);
    }

    private static string Verdict(GeometryFile file, string hook)
    {
        var search = file.Search;
        var found = search.Candidates.Where(c => c.Found).ToList();
        if (found.Count == 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"Without labels, the search finds no simplex at {hook}: {(search.Candidates.Count == 0 ? "no group of dependent components to fit one in" : $"none of its {search.Candidates.Count} candidates beats both nulls")}.");
        var best = found.MinBy(c => c.HeldOutError)!;
        string nulls = string.Join(" and ", best.Nulls.Select(n => $"{Number(n.Mean)} for {NullName(n.Kind).ToLowerInvariant()}"));
        string truth = file.Truth is { } t && t.Factors.FirstOrDefault(f => f.Candidate == search.Candidates.ToList().IndexOf(best)) is { R2: { } r2 } f
            ? string.Create(CultureInfo.InvariantCulture, $"; its barycentric coordinates give {f.Name} with held-out R² {Number(r2)}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Without labels, the search finds {found.Count} simplex{(found.Count == 1 ? "" : "es")} of {string.Join(", ", found.Select(c => c.Vertices))} vertices at {hook}: the {(found.Count == 1 ? "" : "best's ")}held-out error is {Number(best.HeldOutError)} against {nulls} (p = {ReportPage.Number(best.Nulls.Max(n => n.PValue))}){truth}.");
    }

    private static string NullName(string kind) => kind switch
    {
        NullComparison.RandomDirections => "Random directions",
        NullComparison.ShuffledCoordinates => "Shuffled coordinates",
        _ => kind,
    };

    private static string Number(double value) => value is > 0 and < 1e-3 ? ReportPage.Scientific(value) : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
