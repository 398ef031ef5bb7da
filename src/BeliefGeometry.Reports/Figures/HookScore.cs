namespace BeliefGeometry.Reports.Figures;

/// <summary>A probe's held-out R² at one hook point beside the same probe fitted to shuffled targets.</summary>
public sealed record HookScore(string Hook, double R2, double ShuffledR2);
