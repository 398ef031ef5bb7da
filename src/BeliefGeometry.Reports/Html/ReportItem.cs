namespace BeliefGeometry.Reports.Html;

/// <summary>One labelled value in a list of facts or settings (both shown as given, HTML-escaped).</summary>
public sealed record ReportItem(string Key, string Value);
