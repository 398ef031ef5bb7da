namespace BeliefGeometry.Reports.Html;

/// <summary>Everything the HTML report shows: a title, then its sections in reading order, then a footer.</summary>
public sealed record ReportContent
{
    /// <summary>Page title, e.g. "Mess3: belief geometry in the residual stream".</summary>
    public required string Title { get; init; }

    /// <summary>One line under the title (process spec, run directory, …).</summary>
    public string? Subtitle { get; init; }

    /// <summary>The sections, in reading order (the result first).</summary>
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];

    /// <summary>Footer text (tool version, command); no timestamp is added, so the page is reproducible.</summary>
    public string? Footer { get; init; }
}
