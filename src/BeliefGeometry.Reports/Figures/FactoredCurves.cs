namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// What the factored figure draws: the hook points in forward order and their concatenation (apart, as markers), one
/// overlap panel per k of <see cref="Ks"/>, and the dimension panel with <see cref="DimensionReferences"/> as horizontal lines.
/// </summary>
public sealed record FactoredCurves(IReadOnlyList<int> Ks, IReadOnlyList<FactoredPoint> Hooks, FactoredPoint? Concatenation,
    IReadOnlyList<ReferenceLine> DimensionReferences);
