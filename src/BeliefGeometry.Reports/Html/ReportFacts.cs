namespace BeliefGeometry.Reports.Html;

/// <summary>A titled panel of labelled values (settings, facts about the process).</summary>
public sealed record ReportFacts(string Title, IReadOnlyList<ReportItem> Items) : ReportBlock;
