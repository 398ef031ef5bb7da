namespace BeliefGeometry.Reports.Figures;

/// <summary>R² per hook point with its shuffled-target control, and optional reference lines.</summary>
/// <param name="Hooks">Hook points in model order.</param>
/// <param name="References">Baselines drawn as horizontal lines (dashed in the PNG).</param>
/// <param name="Target">What was probed, for the title (e.g. "belief state").</param>
public sealed record ProbeScores(IReadOnlyList<HookScore> Hooks, IReadOnlyList<ReferenceLine>? References = null, string Target = "belief state");
