using System.Text.Json.Serialization;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// A candidate simplex: a group of independent components (<see cref="Group"/>), the k − 1 directions of it that the
/// simplex spans, as a filter F (k − 1 × d: the candidate's coordinates y = Fz of a row's principal coordinates z) and a
/// pattern P (d × k − 1: where y lives, z = Py), its vertices in y (<see cref="Fit"/>) and in activation space, its
/// error on held-out rows beside its nulls, and whether it is found.
/// </summary>
public sealed record SimplexCandidate(
    [property: JsonPropertyName("group")] int[] Group,
    [property: JsonIgnore] SimplexFit Fit,
    [property: JsonIgnore] double[] Filter,
    [property: JsonIgnore] double[] Pattern,
    [property: JsonIgnore] double[][] VertexActivations,
    [property: JsonPropertyName("variance_share")] double VarianceShare,
    [property: JsonPropertyName("train_error")] double TrainError,
    [property: JsonPropertyName("held_out_error")] double HeldOutError,
    [property: JsonPropertyName("curve")] IReadOnlyList<VertexCount> Curve,
    [property: JsonPropertyName("nulls")] IReadOnlyList<NullComparison> Nulls,
    [property: JsonPropertyName("found")] bool Found)
{
    [JsonPropertyName("vertices")]
    public int Vertices => Fit.Vertices;

    /// <summary>The vertices in the candidate's coordinates y (k rows of k − 1).</summary>
    [JsonPropertyName("vertex_coordinates")]
    public double[][] VertexCoordinates => [.. Enumerable.Range(0, Fit.Vertices).Select(v => Fit.VertexCoordinates.AsSpan(v * Fit.Dimension, Fit.Dimension).ToArray())];

    /// <summary>
    /// Every row's barycentric coordinates (rows × k) with respect to the simplex's vertices: the α with Σα = 1 and
    /// αV = y for the row's coordinates y = Fz (k = m + 1 vertices span the candidate's m dimensions, so α is unique and
    /// affine in y). Rows inside the simplex get α ≥ 0; a row outside gets negative entries rather than being clipped
    /// to the nearest face, so no information in y is lost.
    /// </summary>
    public double[] Barycentric(PrincipalCoordinates coordinates)
    {
        int n = coordinates.Rows, k = Fit.Vertices, m = Fit.Dimension, d = Filter.Length / m;
        // [Vᵀ; 1ᵀ] α = [y; 1]  ⇒  α = A⁻¹ [y; 1].
        var system = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k, (r, v) => r < m ? Fit.VertexCoordinates[v * m + r] : 1);
        var inverse = system.Inverse();
        var result = new double[n * k];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            Span<double> y = stackalloc double[m];
            for (int r = 0; r < m; r++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += Filter[r * d + j] * coordinates.Score(i, j);
                y[r] = s;
            }
            for (int v = 0; v < k; v++)
            {
                double a = inverse[v, m];
                for (int r = 0; r < m; r++) a += inverse[v, r] * y[r];
                result[i * k + v] = a;
            }
        });
        return result;
    }
}
