using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// A candidate simplex: a group of principal components (<see cref="Group"/>), the leading ones of it that the simplex
/// spans (<see cref="Components"/>, k − 1 of them), its vertices in those components' coordinates
/// (<see cref="Fit"/>) and in activation space, its error on held-out rows beside its nulls, and whether it is found.
/// </summary>
public sealed record SimplexCandidate(
    [property: JsonPropertyName("group")] int[] Group,
    [property: JsonPropertyName("components")] int[] Components,
    [property: JsonIgnore] SimplexFit Fit,
    [property: JsonPropertyName("vertex_activations")] double[][] VertexActivations,
    [property: JsonPropertyName("variance_share")] double VarianceShare,
    [property: JsonPropertyName("train_error")] double TrainError,
    [property: JsonPropertyName("held_out_error")] double HeldOutError,
    [property: JsonPropertyName("curve")] IReadOnlyList<VertexCount> Curve,
    [property: JsonPropertyName("nulls")] IReadOnlyList<NullComparison> Nulls,
    [property: JsonPropertyName("found")] bool Found)
{
    [JsonPropertyName("vertices")]
    public int Vertices => Fit.Vertices;

    /// <summary>The vertices in the coordinates of <see cref="Components"/> (k rows of k − 1).</summary>
    [JsonPropertyName("vertex_coordinates")]
    public double[][] VertexCoordinates => [.. Enumerable.Range(0, Fit.Vertices).Select(v => Fit.VertexCoordinates.AsSpan(v * Fit.Dimension, Fit.Dimension).ToArray())];

    /// <summary>
    /// Every row's barycentric coordinates (rows × k): those of the simplex's point nearest to the row's projection on
    /// <see cref="Components"/>, so each row sums to 1 and is non-negative.
    /// </summary>
    public double[] Barycentric(PrincipalCoordinates coordinates, int threads = 2)
    {
        int n = coordinates.Rows, k = Fit.Vertices, m = Fit.Dimension;
        var result = new double[n * k];
        var (gram, lipschitz) = SimplexProjection.Gram(Fit.VertexCoordinates, k, m);
        var columns = Components;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var x = new double[m];
            for (int i = t; i < n; i += threads)
            {
                for (int j = 0; j < m; j++) x[j] = coordinates.Score(i, columns[j]);
                var alpha = result.AsSpan(i * k, k);
                alpha.Fill(1.0 / k);
                SimplexProjection.Nearest(x, Fit.VertexCoordinates, k, gram, lipschitz, alpha);
            }
        });
        return result;
    }
}
