using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Html;

/// <summary>
/// A figure to embed: its files (at least one must exist) with a title and caption. The SVG is embedded when it
/// exists and is at most <see cref="ReportPage.MaxSvgBytes"/>, otherwise the PNG; either way as a data URI, so the
/// page needs no other file. <see cref="Kind"/> <c>"headline"</c> or <c>"wide"</c> lets it take the full width.
/// </summary>
public sealed record ReportFigure(string Title, string? SvgPath, string? PngPath, string? Caption = null) : ReportBlock
{
    /// <summary><c>"headline"</c>, <c>"wide"</c> or null (at most 820 px wide).</summary>
    public string? Kind { get; init; }

    /// <summary>A figure from the files a figure writer returned.</summary>
    public static ReportFigure From(FigureFiles files, string title, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new ReportFigure(title, files.SvgPath, files.PngPath, caption);
    }
}
