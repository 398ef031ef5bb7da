using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>
/// Everything a probe run found (probe.json): one <see cref="ProbeResult"/> per (features, target), the feature
/// block whose belief probe has the best held-out R² (<see cref="BestProbe"/>), and that probe's held-out belief
/// predictions (not written to JSON — large; export them as arrays). <see cref="Blocks"/> names, for each feature
/// set, the blocks that lie side by side in its columns (a concatenation's members in column order); not written to
/// JSON, and holding names only, so the analysis does not keep the activations alive.
/// </summary>
public sealed record ProbeAnalysis(
    [property: JsonPropertyName("settings")] ProbeSettings Settings,
    [property: JsonPropertyName("prefixes")] int Prefixes,
    [property: JsonPropertyName("results")] IReadOnlyList<ProbeResult> Results,
    [property: JsonPropertyName("best_belief_features")] string? BestBeliefFeatures,
    [property: JsonIgnore] HeldOutPredictions? BeliefPredictions,
    [property: JsonIgnore] IReadOnlyDictionary<string, IReadOnlyList<string>>? Blocks = null);
