namespace BeliefGeometry.Reports.Html;

/// <summary>A paragraph of text (HTML-escaped); <paramref name="Lead"/> shows it as the section's lead, larger.</summary>
public sealed record ReportParagraph(string Text, bool Lead = false) : ReportBlock;
