namespace BeliefGeometry.Reports.Figures;

/// <summary>A labelled horizontal reference (for example the R² of a next-token or Markov baseline).</summary>
public sealed record ReferenceLine(string Label, double Value);
