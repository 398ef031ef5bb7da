namespace BeliefGeometry.Reports.Html;

/// <summary>A row of <see cref="ReportCard"/>s.</summary>
public sealed record ReportCards(IReadOnlyList<ReportCard> Cards) : ReportBlock;
