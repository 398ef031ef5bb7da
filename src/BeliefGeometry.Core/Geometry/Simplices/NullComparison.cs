using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// A candidate's held-out simplex error beside one kind of null candidate fitted the same way: the nulls' mean, sd and
/// smallest error over <see cref="Draws"/> draws, p = (1 + #{null ≤ candidate}) / (1 + draws), and the ratio of the
/// candidate's error to the nulls' mean (the margin: below 1 is better than the null).
/// </summary>
public sealed record NullComparison(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("draws")] int Draws,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("sd")] double Sd,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("p_value")] double PValue,
    [property: JsonPropertyName("ratio")] double Ratio)
{
    /// <summary>As many random directions as the candidate's, uniform in the rest of the searched space after whitening (orthogonal to the candidate).</summary>
    public const string RandomDirections = "random_directions";

    /// <summary>The candidate's own coordinates, each permuted across rows on its own (the marginals kept, the joint shape destroyed).</summary>
    public const string ShuffledCoordinates = "shuffled_coordinates";

    public static NullComparison Of(string kind, double candidate, IReadOnlyList<double> nulls)
    {
        double mean = nulls.Average();
        double sd = nulls.Count > 1 ? Math.Sqrt(nulls.Sum(v => (v - mean) * (v - mean)) / (nulls.Count - 1)) : 0;
        int atOrBelow = nulls.Count(v => v <= candidate);
        return new NullComparison(kind, nulls.Count, mean, sd, nulls.Min(), (1.0 + atOrBelow) / (1 + nulls.Count),
            mean > 0 ? candidate / mean : double.PositiveInfinity);
    }
}
