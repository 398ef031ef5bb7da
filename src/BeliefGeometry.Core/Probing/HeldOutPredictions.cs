using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>
/// A probe's predictions of a target on the held-out prefixes (for the figure of predicted beliefs in the
/// simplex): <see cref="Rows"/> are prefix indices, <see cref="Predicted"/> and <see cref="Actual"/> are
/// Rows.Length × <see cref="Width"/>, row-major.
/// </summary>
public sealed record HeldOutPredictions(
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("rows")] int[] Rows,
    [property: JsonPropertyName("predicted")] double[] Predicted,
    [property: JsonPropertyName("actual")] double[] Actual);
