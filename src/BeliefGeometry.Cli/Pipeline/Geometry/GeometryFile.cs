using System.Text.Json.Serialization;
using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Cli.Pipeline.Geometry;

/// <summary>geometry.json: what <c>belief geometry</c> searched, what it found, beside its nulls, and (when the truth is known) how well it matches (docs/run-directory.md).</summary>
public sealed record GeometryFile(
    [property: JsonPropertyName("source")] GeometrySource Source,
    [property: JsonPropertyName("settings")] SimplexSearchOptions Settings,
    [property: JsonPropertyName("explained_variance")] IReadOnlyList<double> ExplainedVariance,
    [property: JsonPropertyName("search")] SimplexSearchResult Search,
    [property: JsonPropertyName("files")] IReadOnlyList<GeometryFiles> Files,
    [property: JsonPropertyName("truth")] GeometryTruth? Truth,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    public const string FileName = "geometry.json";
    public const string Folder = "geometry";

    [JsonPropertyName("found")]
    public int Found => Search.Found.Count();
}

/// <summary>Where the rows came from: the array (and the run's hook point and prefix length), its size and dtype, the row weights and the truth.</summary>
public sealed record GeometrySource(
    [property: JsonPropertyName("activations")] string Activations,
    [property: JsonPropertyName("hook")] string? Hook,
    [property: JsonPropertyName("length")] int? Length,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("dtype")] string DType,
    [property: JsonPropertyName("weights")] string Weights,
    [property: JsonPropertyName("beliefs")] string? Beliefs);

/// <summary>One candidate's files: its rows' barycentric coordinates (rows × k, float64), its vertices in activation space (k × width) and its figure (without extension).</summary>
public sealed record GeometryFiles(
    [property: JsonPropertyName("candidate")] int Candidate,
    [property: JsonPropertyName("coordinates")] string Coordinates,
    [property: JsonPropertyName("vertices")] string Vertices,
    [property: JsonPropertyName("figure")] string Figure);

/// <summary>
/// The candidates against the true beliefs: the held-out R² of every (candidate, factor) pair (<see cref="R2"/>,
/// [candidate][factor]) and each factor's match (greedy by R², one-to-one).
/// </summary>
public sealed record GeometryTruth(
    [property: JsonPropertyName("factors")] IReadOnlyList<FactorMatch> Factors,
    [property: JsonPropertyName("r2")] double[][] R2)
{
    /// <summary>Factors matched to a found candidate.</summary>
    [JsonPropertyName("factors_found")]
    public int FactorsFound => Factors.Count(f => f.Found);

    /// <summary>Mean over every factor of its matched found candidate's R², a factor without one counting 0.</summary>
    [JsonPropertyName("mean_r2")]
    public double MeanR2 => Factors.Count == 0 ? double.NaN : Factors.Average(f => f.Found ? f.R2 ?? 0 : 0);
}

/// <summary>A true factor, its matched candidate (null when none is left), that candidate's held-out R² and whether it was found.</summary>
public sealed record FactorMatch(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("columns")] int Columns,
    [property: JsonPropertyName("candidate")] int? Candidate,
    [property: JsonPropertyName("r2")] double? R2,
    [property: JsonPropertyName("found")] bool Found);
