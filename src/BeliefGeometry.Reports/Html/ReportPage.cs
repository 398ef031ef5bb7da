using BeliefGeometry.Export;
using System.Globalization;
using System.Text;

namespace BeliefGeometry.Reports.Html;

/// <summary>
/// Builds the self-contained <c>report.html</c>: inline CSS, figures as data URIs, no scripts, fonts or other
/// network resources; every text HTML-escaped. The page is a title, the <see cref="ReportContent.Sections"/> in
/// order — each a list of <see cref="ReportBlock"/>s — and a footer; what the sections say is up to their authors
/// (the analyses of a run), so a new analysis needs no edit here.
/// </summary>
public static class ReportPage
{
    /// <summary>SVGs larger than this are replaced by their PNG in the page.</summary>
    public const long MaxSvgBytes = 3_000_000;

    /// <summary>Renders the page and writes it atomically to <paramref name="path"/>; returns <paramref name="path"/>.</summary>
    public static string Write(ReportContent content, string path)
    {
        AtomicFile.WriteText(path, Render(content));
        return path;
    }

    /// <summary>The page's HTML.</summary>
    public static string Render(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(content.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(Escape(content.Title)).Append("</h1>\n");
        if (content.Subtitle is { } subtitle) html.Append("<p class=\"subtitle\">").Append(Escape(subtitle)).Append("</p>\n");
        html.Append("</header>\n");

        foreach (var section in content.Sections)
        {
            html.Append("<section id=\"").Append(Escape(section.Id)).Append("\">\n");
            if (section.Heading is { } heading) html.Append("<h2>").Append(Escape(heading)).Append("</h2>\n");
            foreach (var block in section.Blocks) AppendBlock(html, block);
            html.Append("</section>\n");
        }

        if (content.Footer is { } footer) html.Append("<footer>").Append(Escape(footer)).Append("</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>HTML-escapes text for element content and quoted attributes (&amp; &lt; &gt; &quot; &#39;; other characters stay UTF-8).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    /// <summary>A number as the report shows it: three decimals, NaN as a dash.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "—" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A small number in scientific notation, NaN as a dash.</summary>
    public static string Scientific(double value) =>
        double.IsNaN(value) ? "—" : value.ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static void AppendBlock(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case ReportParagraph p:
                html.Append(p.Lead ? "<p class=\"lead\">" : "<p>").Append(Escape(p.Text)).Append("</p>\n");
                break;
            case ReportCards cards:
                AppendCards(html, cards);
                break;
            case ReportTable table:
                AppendTable(html, table);
                break;
            case ReportFigure figure:
                AppendFigure(html, figure);
                break;
            case ReportGrid grid:
                html.Append("<div class=\"grid\">\n");
                foreach (var inner in grid.Blocks) AppendBlock(html, inner);
                html.Append("</div>\n");
                break;
            case ReportFacts facts:
                AppendItems(html, facts.Title, facts.Items);
                break;
            case TheorySummary theory:
                AppendTheory(html, theory);
                break;
            default:
                throw new ArgumentException($"no rendering for {block.GetType().Name}", nameof(block));
        }
    }

    private static void AppendCards(StringBuilder html, ReportCards cards)
    {
        html.Append("<div class=\"cards\">\n");
        foreach (var card in cards.Cards)
            html.Append("<div class=\"card").Append(card.Kind is null ? "" : " " + Escape(card.Kind)).Append("\"><div class=\"label\">").Append(Escape(card.Label))
                .Append("</div><div class=\"value\">").Append(Escape(card.Value)).Append("</div></div>\n");
        html.Append("</div>\n");
    }

    private static void AppendTable(StringBuilder html, ReportTable table)
    {
        html.Append("<table class=\"probe\">\n<thead><tr>");
        foreach (string column in table.Columns) html.Append("<th>").Append(Escape(column)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            html.Append(i == table.Highlight ? "<tr class=\"best\">" : "<tr>");
            for (int c = 0; c < row.Count; c++)
            {
                html.Append("<td>").Append(Escape(row[c]));
                if (c == 0 && i == table.Highlight) html.Append(" <span class=\"badge\">").Append(Escape(table.Badge)).Append("</span>");
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendTheory(StringBuilder html, TheorySummary theory)
    {
        html.Append("<div class=\"panel\">\n<h3>Theory</h3>\n<table class=\"facts\">\n");
        Row(html, "Entropy rate h<sub>μ</sub>", Number(theory.EntropyRateBits) + " bits");
        Row(html, "Excess entropy E", Number(theory.ExcessEntropyBits) + " bits");
        Row(html, "Statistical complexity C<sub>μ</sub>", theory.StatisticalComplexityBits is { } c
            ? Number(c) + " bits" : theory.NonErgodic ? "not reported (non-ergodic)" : "∞ (no finite ε-machine)");
        Row(html, "Distinct beliefs (all depths)", theory.TotalUniqueBeliefs?.ToString("N0", CultureInfo.InvariantCulture) ?? "—");
        if (theory.BeliefDimensionsAt is { Count: > 0 } dimensions)
            Row(html, "Belief dimensions (80 / 90 / 95 / 99% of variance)", string.Join(" / ", dimensions));
        if (theory.LossFloorNats is { Count: > 0 } floor)
            Row(html, "Mean loss floor", Number(floor.Average()) + " nats");
        html.Append("</table>\n");
        if (theory.UniqueBeliefsAtDepth.Count > 0)
        {
            html.Append("<table class=\"depths\">\n<tr><th>Depth L</th>");
            for (int l = 0; l < theory.UniqueBeliefsAtDepth.Count; l++) html.Append("<td>").Append(l.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            html.Append("</tr>\n<tr><th>Distinct beliefs</th>");
            foreach (int count in theory.UniqueBeliefsAtDepth) html.Append("<td>").Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");
            html.Append("</tr>\n</table>\n");
        }
        foreach (var note in theory.Notes ?? []) html.Append("<p class=\"note\">").Append(Escape(note)).Append("</p>\n");
        html.Append("</div>\n");

        // Labels here are fixed markup; values are numbers formatted by this class.
        static void Row(StringBuilder html, string labelHtml, string value) =>
            html.Append("<tr><th>").Append(labelHtml).Append("</th><td>").Append(Escape(value)).Append("</td></tr>\n");
    }

    private static void AppendItems(StringBuilder html, string title, IReadOnlyList<ReportItem> items)
    {
        html.Append("<div class=\"panel\">\n<h3>").Append(Escape(title)).Append("</h3>\n<table class=\"facts\">\n");
        foreach (var item in items)
            html.Append("<tr><th>").Append(Escape(item.Key)).Append("</th><td>").Append(Escape(item.Value)).Append("</td></tr>\n");
        html.Append("</table>\n</div>\n");
    }

    private static void AppendFigure(StringBuilder html, ReportFigure figure)
    {
        var (mime, bytes) = FigureBytes(figure);
        html.Append("<figure").Append(figure.Kind is null ? "" : $" class=\"{Escape(figure.Kind)}\"").Append(">\n<img alt=\"").Append(Escape(figure.Title))
            .Append("\" src=\"data:").Append(mime).Append(";base64,").Append(Convert.ToBase64String(bytes)).Append("\">\n<figcaption><strong>")
            .Append(Escape(figure.Title)).Append(".</strong>");
        if (figure.Caption is { } caption) html.Append(' ').Append(Escape(caption));
        html.Append("</figcaption>\n</figure>\n");
    }

    private static (string Mime, byte[] Bytes) FigureBytes(ReportFigure figure)
    {
        if (figure.SvgPath is { } svg && File.Exists(svg) && new FileInfo(svg).Length <= MaxSvgBytes)
            return ("image/svg+xml", File.ReadAllBytes(svg));
        if (figure.PngPath is { } png && File.Exists(png))
            return ("image/png", File.ReadAllBytes(png));
        throw new FileNotFoundException($"figure \"{figure.Title}\": neither {figure.SvgPath ?? "(no SVG)"} nor {figure.PngPath ?? "(no PNG)"} exists");
    }

    private const string Css = """

        :root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; --accent-soft: #eff6ff; --control: #9ca3af; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f9fafb; color: var(--ink);
               font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 32px 24px 48px; }
        header h1 { margin: 0 0 4px; font-size: 28px; letter-spacing: -0.01em; }
        .subtitle { margin: 0; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin-top: 24px; }
        h2 { margin: 0 0 14px; font-size: 20px; }
        h3 { margin: 0 0 8px; font-size: 16px; color: #374151; }
        .lead { font-size: 18px; margin: 0 0 16px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--accent-soft); }
        .card.control { background: #f3f4f6; }
        .card .label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
        .card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card.hook .value { font-size: 15px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; padding-top: 6px; overflow-wrap: anywhere; }
        figure { margin: 0; }
        figure img { display: block; width: 100%; max-width: 820px; height: auto; margin: 0 auto; }
        figure.headline img, figure.wide img { max-width: 1120px; }
        figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 20px; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        table.probe { width: 100%; margin-bottom: 16px; }
        table.probe th, table.probe td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; }
        table.probe th:first-child, table.probe td:first-child { text-align: left; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; }
        table.probe thead th { color: var(--muted); font-weight: 600; font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; }
        tr.best td { background: var(--accent-soft); font-weight: 600; }
        .badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 9px; background: var(--accent); color: #fff;
                 font: 600 11px/18px system-ui, sans-serif; vertical-align: 1px; }
        table.facts { width: 100%; }
        table.facts th, table.facts td { padding: 4px 8px 4px 0; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        table.facts th { font-weight: 500; color: #374151; width: 50%; }
        table.depths { margin-top: 12px; font-size: 13px; }
        table.depths th, table.depths td { padding: 2px 6px; border: 1px solid var(--line); text-align: right; }
        table.depths th { text-align: left; color: #374151; font-weight: 500; }
        .note { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
        footer { color: var(--muted); font-size: 13px; margin-top: 24px; text-align: center; }

        """;
}
