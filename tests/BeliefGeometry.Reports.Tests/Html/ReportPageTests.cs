using System.Text.RegularExpressions;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Reports.Tests.Html;

public partial class ReportPageTests
{
    [Fact]
    public void ReportIsSelfContained()
    {
        using var dir = new TempDirectory();
        string path = ReportPage.Write(SampleData.Report(dir.Path), dir.File("report.html"));
        string html = File.ReadAllText(path);

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5, DataImage().Matches(html).Count); // beliefs, R², loss, training, PCA
        Assert.Empty(FileChecks.TempFiles(dir.Path));
    }

    [Fact]
    public void ReportLeadsWithTheResult()
    {
        using var dir = new TempDirectory();
        string html = ReportPage.Render(SampleData.Report(dir.Path));
        int beliefs = html.IndexOf("Beliefs in the 2-simplex", StringComparison.Ordinal);
        int table = html.IndexOf("<table class=\"probe\">", StringComparison.Ordinal);
        int loss = html.IndexOf("Loss against the theoretical floor", StringComparison.Ordinal);
        int theory = html.IndexOf("The process and its theory", StringComparison.Ordinal);
        int settings = html.IndexOf("Model and training", StringComparison.Ordinal);
        Assert.True(0 < beliefs && beliefs < table && table < loss && loss < theory && theory < settings);
        Assert.Contains("<tr class=\"best\"><td>blocks.1.hook_resid_post <span class=\"badge\">best</span>", html);
        Assert.Contains("held-out R² = 0.950", html);
        Assert.Contains("∞ (no finite ε-machine)", html);
        Assert.Contains("<tr><th>Belief dimensions (80 / 90 / 95 / 99% of variance)</th><td>2 / 2 / 2 / 2</td></tr>", html);
    }

    [Fact]
    public void ProbeTableShowsTheSpreadAndTheNullOnlyWhenComputed()
    {
        var plain = (ReportTable)ProbeSections.Table([new ProbeRow("a", 0.9, 0.8, 0.01, 1e-3)], 0, null).Blocks[0];
        Assert.Equal(["Hook point", "Held-out R²", "CV R²", "Shuffle R²", "MSE"], plain.Columns);
        var full = (ReportTable)ProbeSections.Table(
            [new ProbeRow("a", 0.9, 0.8, 0.01, 1e-3, RandomR2: -0.02, SplitMean: 0.89, SplitSd: 0.01), new ProbeRow("b", 0.5, 0.4, 0.0, 2e-3)], 0, null).Blocks[0];
        Assert.Equal(["Hook point", "Held-out R²", "Over splits (mean ± sd)", "CV R²", "Shuffle R²", "Random R²", "MSE"], full.Columns);
        Assert.Equal(full.Columns.Count, full.Rows[0].Count);
        Assert.Contains("±", full.Rows[0][2]);
        Assert.Equal("—", full.Rows[1][2]);
    }

    [Fact]
    public void TextIsEscaped()
    {
        using var dir = new TempDirectory();
        var content = SampleData.Report(dir.Path, "Beliefs <script>alert(\"x\")</script> & more",
            process: [new("<b>key</b>", "a < b & c > d")],
            probeRows: [new("<img src=x onerror=alert(1)>", 0.9, 0.9, 0, 0.01)]) with
        {
            Footer = "\"quoted\" 'single'",
        };
        string html = ReportPage.Render(content);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<b>key</b>", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("Beliefs &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more", html);
        Assert.Contains("a &lt; b &amp; c &gt; d", html);
        Assert.Contains("&quot;quoted&quot; &#39;single&#39;", html);
    }

    [Fact]
    public void LargeSvgFallsBackToPng()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("big.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\">" + new string(' ', (int)ReportPage.MaxSvgBytes) + "</svg>");
        SampleData.Report(dir.Path);
        var png = SampleData.ProbeFigurePng(dir.Path);
        var content = SampleData.Report(dir.Path, beliefFigure: new ReportFigure("Big", dir.File("big.svg"), png));
        string html = ReportPage.Render(content);
        Assert.Contains("<img alt=\"Big\" src=\"data:image/png;base64,", html);
    }

    [Fact]
    public void MissingFigureNamesIt()
    {
        using var dir = new TempDirectory();
        var content = SampleData.Report(dir.Path, beliefFigure: new ReportFigure("Absent", dir.File("no.svg"), null));
        Assert.Contains("Absent", Assert.Throws<FileNotFoundException>(() => ReportPage.Render(content)).Message);
    }

    [Fact]
    public void SectionsAreRenderedInTheirOrderWithTheirBlocks()
    {
        var content = new ReportContent
        {
            Title = "t",
            Sections =
            [
                new ReportSection("second-first", "Zeta", [new ReportParagraph("plain < text"), new ReportCards([new("Label", "4.2", "control")])]),
                new ReportSection("then", null, [new ReportTable(["name", "value"], [["a", "1"], ["b", "2"]], Highlight: 1, Badge: "top")]),
            ],
        };
        string html = ReportPage.Render(content);
        int zeta = html.IndexOf("<section id=\"second-first\">\n<h2>Zeta</h2>\n<p>plain &lt; text</p>", StringComparison.Ordinal);
        int then = html.IndexOf("<section id=\"then\">\n<table class=\"probe\">", StringComparison.Ordinal);
        Assert.True(zeta > 0 && then > zeta, html);
        Assert.Contains("<div class=\"card control\"><div class=\"label\">Label</div><div class=\"value\">4.2</div></div>", html);
        Assert.Contains("<tr><td>a</td><td>1</td></tr>", html);
        Assert.Contains("<tr class=\"best\"><td>b <span class=\"badge\">top</span></td><td>2</td></tr>", html);
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""<img [^>]*src="data:image/(svg\+xml|png);base64,[A-Za-z0-9+/=]{100,}""")]
    private static partial Regex DataImage();
}
