using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Metrics over the scored prefixes of one length (R² against that length's own weighted mean).</summary>
public sealed record LengthScore(
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("r2")] double? R2,
    [property: JsonPropertyName("mse")] double Mse);
