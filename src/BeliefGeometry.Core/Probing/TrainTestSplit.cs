using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Row indices for fitting (<see cref="Train"/>) and for scoring (<see cref="Test"/>), disjoint, each ascending.</summary>
public sealed record TrainTestSplit(
    [property: JsonPropertyName("train")] int[] Train,
    [property: JsonPropertyName("test")] int[] Test);
