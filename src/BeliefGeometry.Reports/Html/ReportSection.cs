namespace BeliefGeometry.Reports.Html;

/// <summary>
/// One section of report.html: an anchor <paramref name="Id"/>, an optional heading and its blocks in reading order.
/// The page is a list of sections; each analysis of a run contributes its own.
/// </summary>
public sealed record ReportSection(string Id, string? Heading, IReadOnlyList<ReportBlock> Blocks);
