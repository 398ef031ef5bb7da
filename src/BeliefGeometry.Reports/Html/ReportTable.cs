namespace BeliefGeometry.Reports.Html;

/// <summary>
/// A table of results: the first column is a name (left, monospace), the others numbers (right). Cells are text,
/// HTML-escaped. Row <paramref name="Highlight"/> (−1 for none) is emphasised and its name carries <paramref name="Badge"/>.
/// </summary>
public sealed record ReportTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, int Highlight = -1, string Badge = "best")
    : ReportBlock;
