namespace BeliefGeometry.Probing;

/// <summary>The penalty λ chosen by <see cref="RidgeCv"/> and the pooled CV R² along its grid (null where the targets do not vary).</summary>
public sealed record RidgeChoice(double Penalty, IReadOnlyList<double?> CvR2);
