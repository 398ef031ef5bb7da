using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>The held-out R² of a probe fitted on <see cref="TrainFraction"/> of the prefixes, one per seeded split.</summary>
public sealed record TrainFractionScore(
    [property: JsonPropertyName("train_fraction")] double TrainFraction,
    [property: JsonPropertyName("r2")] IReadOnlyList<double?> R2);
