using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// What <see cref="SimplexSearch"/> found: how many principal components it searched (<see cref="SearchedComponents"/>,
/// those above the noise floor), how it grouped them, one candidate per group of two or more, and how many null draws
/// would themselves have passed as found (<see cref="NullsPassing"/> of <see cref="NullsTested"/>), which should be none.
/// <see cref="TestRows"/> marks the held-out rows.
/// </summary>
public sealed record SimplexSearchResult(
    [property: JsonPropertyName("searched_components")] int SearchedComponents,
    [property: JsonPropertyName("noise_floor")] double NoiseFloor,
    [property: JsonPropertyName("groups")] int[][] Groups,
    [property: JsonPropertyName("candidates")] IReadOnlyList<SimplexCandidate> Candidates,
    [property: JsonPropertyName("nulls_tested")] int NullsTested,
    [property: JsonPropertyName("nulls_passing")] int NullsPassing,
    [property: JsonIgnore] bool[] TestRows)
{
    [JsonIgnore]
    public IEnumerable<SimplexCandidate> Found => Candidates.Where(c => c.Found);
}
