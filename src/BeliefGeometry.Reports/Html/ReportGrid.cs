namespace BeliefGeometry.Reports.Html;

/// <summary>Blocks side by side (two columns on a wide screen), e.g. figures or panels of facts.</summary>
public sealed record ReportGrid(IReadOnlyList<ReportBlock> Blocks) : ReportBlock;
