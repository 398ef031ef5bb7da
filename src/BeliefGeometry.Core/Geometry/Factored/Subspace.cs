using System.Text.Json.Serialization;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// A subspace of ℝᵈ by an orthonormal basis, its directions ordered by decreasing <see cref="Strengths"/> (the variance
/// along each, or a singular value), so that <see cref="Leading"/>(k) is "the first k directions".
/// </summary>
/// <param name="Dimension">d, the ambient dimension.</param>
/// <param name="Directions">Rank × d, row-major: row j is direction j, a unit vector (not written to JSON).</param>
/// <param name="Strengths">One per direction, decreasing.</param>
public sealed record Subspace(int Dimension, [property: JsonIgnore] double[] Directions, IReadOnlyList<double> Strengths)
{
    /// <summary>The number of directions.</summary>
    public int Rank => Strengths.Count;

    /// <summary>Direction <paramref name="j"/> (0 = strongest), a unit vector of length <see cref="Dimension"/>.</summary>
    public ReadOnlySpan<double> Direction(int j) => Directions.AsSpan(j * Dimension, Dimension);

    /// <summary>The first min(<paramref name="k"/>, <see cref="Rank"/>) directions.</summary>
    public Subspace Leading(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int rank = Math.Min(k, Rank);
        return rank == Rank ? this : new Subspace(Dimension, Directions[..(rank * Dimension)], Strengths.Take(rank).ToArray());
    }

    /// <summary>The first <paramref name="rank"/> principal components, the variance along each as its strength.</summary>
    public static Subspace Principal(PrincipalComponents components, int rank)
    {
        ArgumentNullException.ThrowIfNull(components);
        int d = components.Dimension;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, d);
        var directions = new double[rank * d];
        for (int j = 0; j < rank; j++) components.Component(j).CopyTo(directions.AsSpan(j * d, d));
        return new Subspace(d, directions, components.Variances[..rank].ToArray());
    }

    /// <summary>
    /// The column space of a d × c matrix (row-major), to <paramref name="rank"/> directions: its leading left singular
    /// vectors, the singular values as strengths.
    /// </summary>
    public static Subspace ColumnSpace(ReadOnlySpan<double> matrix, int rows, int columns, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (matrix.Length != rows * columns) throw new ArgumentException($"{matrix.Length} values for a {rows} × {columns} matrix", nameof(matrix));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, Math.Min(rows, columns));
        var values = matrix.ToArray();
        var svd = Matrix<double>.Build.Dense(rows, columns, (i, j) => values[i * columns + j]).Svd(computeVectors: true);
        var directions = new double[rank * rows];
        for (int j = 0; j < rank; j++)
            for (int i = 0; i < rows; i++) directions[j * rows + i] = svd.U[i, j];
        return new Subspace(rows, directions, svd.S.Take(rank).ToArray());
    }
}
