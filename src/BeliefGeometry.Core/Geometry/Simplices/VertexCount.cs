using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>One point of a group's fit-error curve: a simplex of <see cref="Vertices"/> vertices in the group's leading k − 1 components, its error on the training rows and the mean error of the same fit with the coordinates shuffled; k is chosen where their ratio is smallest.</summary>
public sealed record VertexCount(
    [property: JsonPropertyName("vertices")] int Vertices,
    [property: JsonPropertyName("error")] double Error,
    [property: JsonPropertyName("shuffled_error")] double ShuffledError)
{
    [JsonPropertyName("ratio")]
    public double Ratio => ShuffledError > 0 ? Error / ShuffledError : double.PositiveInfinity;
}
