using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// What <see cref="SimplexSearch"/> found: how many principal components it searched (<see cref="SearchedComponents"/>,
/// those above the noise floor), how it grouped them, one candidate per group of two or more, and what the same search
/// found on the rows with every independent component shuffled on its own (<see cref="ShuffledFound"/> of
/// <see cref="ShuffledCandidates"/>), which should be nothing.
/// <see cref="TestRows"/> marks the held-out rows.
/// </summary>
public sealed record SimplexSearchResult(
    [property: JsonPropertyName("searched_components")] int SearchedComponents,
    [property: JsonPropertyName("noise_floor")] double NoiseFloor,
    [property: JsonPropertyName("groups")] int[][] Groups,
    [property: JsonPropertyName("candidates")] IReadOnlyList<SimplexCandidate> Candidates,
    [property: JsonPropertyName("shuffled_candidates")] int ShuffledCandidates,
    [property: JsonPropertyName("shuffled_found")] int ShuffledFound,
    [property: JsonIgnore] bool[] TestRows)
{
    [JsonIgnore]
    public IEnumerable<SimplexCandidate> Found => Candidates.Where(c => c.Found);
}
