namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// What the far-future figure draws: the hook points in forward order, their concatenation (drawn apart, as markers),
/// and references that do not depend on the model (e.g. next-token distribution → beliefs), as horizontal lines.
/// </summary>
public sealed record FarFutureCurves(IReadOnlyList<FarFuturePoint> Hooks, FarFuturePoint? Concatenation, IReadOnlyList<ReferenceLine> References);
