namespace BeliefGeometry.Reports.Html;

/// <summary>
/// One piece of a <see cref="ReportSection"/>: a paragraph, cards, a table, a figure, a grid, a panel of facts or the
/// theory panel. <see cref="ReportPage"/> renders each kind; an analysis composes them without editing the page.
/// </summary>
public abstract record ReportBlock;
