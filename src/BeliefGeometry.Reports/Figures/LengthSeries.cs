namespace BeliefGeometry.Reports.Figures;

/// <summary>A probe's held-out R² at each prefix length (one line of <see cref="LengthScoreFigure"/>).</summary>
public sealed record LengthSeries(string Label, IReadOnlyList<int> Lengths, IReadOnlyList<double> R2);
