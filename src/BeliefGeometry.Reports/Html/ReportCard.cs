namespace BeliefGeometry.Reports.Html;

/// <summary>One headline number with its label; <paramref name="Kind"/> is <c>"hook"</c> (a name, monospace), <c>"control"</c> (greyed) or null.</summary>
public sealed record ReportCard(string Label, string Value, string? Kind = null);
