using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>A feature set named by the user: the blocks <see cref="Of"/> side by side, in that order.</summary>
public sealed record NamedFeatureSet(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("of")] IReadOnlyList<string> Of);
