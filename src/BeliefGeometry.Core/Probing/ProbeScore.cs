using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>
/// Weighted regression metrics (w = prefix probability): MSE = (1/d) Σ_t Σw(y_t − ŷ_t)²/Σw; pooled
/// R² = 1 − Σ_t Σw(y_t − ŷ_t)² / Σ_t Σw(y_t − ȳ_t)² with ȳ the weighted mean of the scored rows; R² per target
/// dimension; R² per prefix length (when lengths are known). R² is null where the target does not vary (weighted variance ≤ 1e-20).
/// </summary>
public sealed record ProbeScore(
    [property: JsonPropertyName("mse")] double Mse,
    [property: JsonPropertyName("r2")] double? R2,
    [property: JsonPropertyName("r2_per_dimension")] IReadOnlyList<double?> R2PerDimension,
    [property: JsonPropertyName("r2_per_length")] IReadOnlyList<LengthScore>? R2PerLength = null);
