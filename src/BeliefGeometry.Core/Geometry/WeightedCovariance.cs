using System.Numerics;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Geometry;

/// <summary>
/// The weighted covariance of points in ℝᵈ (rows of a row-major matrix), pooled within groups:
/// C = Σ_g Σ_{i∈g} wᵢ (xᵢ − μ_g)(xᵢ − μ_g)ᵀ / Σ_g Σ_{i∈g} wᵢ with μ_g = Σ_{i∈g} wᵢ xᵢ / Σ_{i∈g} wᵢ, over the groups
/// with at least two points of positive weight (a lone point has no spread around its own mean, so it adds nothing
/// and its weight is left out). With one group it is the ordinary weighted covariance. Float64 throughout, two passes
/// per group (mean, then centred products).
/// </summary>
/// <param name="Mean">The weighted mean of every point of positive weight.</param>
/// <param name="Matrix">C, d × d row-major (all zero when no group has two points).</param>
/// <param name="Groups">The groups that contributed (at least two points of positive weight).</param>
/// <param name="Rows">The points in them.</param>
public sealed record WeightedCovariance(double[] Mean, double[] Matrix, int Groups, int Rows)
{
    /// <summary>d, the width of a point.</summary>
    public int Dimension => Mean.Length;

    /// <summary>
    /// The covariance of <paramref name="points"/> (count × <paramref name="dimension"/>), unit weights when
    /// <paramref name="weights"/> is empty, pooled within <paramref name="groups"/> (a non-negative id per point; one
    /// group when empty).
    /// </summary>
    public static WeightedCovariance Compute<T>(ReadOnlySpan<T> points, int dimension, ReadOnlySpan<double> weights = default,
        ReadOnlySpan<int> groups = default) where T : unmanaged, INumberBase<T>
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "must be at least 1");
        if (points.Length == 0 || points.Length % dimension != 0)
            throw new ArgumentException($"length {points.Length} is not a positive multiple of the dimension {dimension}", nameof(points));
        int count = points.Length / dimension, d = dimension;
        if (!weights.IsEmpty && weights.Length != count)
            throw new ArgumentException($"{weights.Length} weights for {count} points", nameof(weights));
        if (!groups.IsEmpty && groups.Length != count)
            throw new ArgumentException($"{groups.Length} group ids for {count} points", nameof(groups));

        double totalWeight = 0;
        var mean = new double[d];
        for (int i = 0; i < count; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"weight {i} is {w}; weights must be finite and non-negative", nameof(weights));
            if (w == 0) continue;
            if (!groups.IsEmpty && groups[i] < 0)
                throw new ArgumentException($"group id {i} is {groups[i]}; ids must be non-negative", nameof(groups));
            totalWeight += w;
            var row = points.Slice(i * d, d);
            for (int j = 0; j < d; j++) mean[j] += w * double.CreateTruncating(row[j]);
        }
        if (totalWeight <= 0)
            throw new ArgumentException("the weights sum to 0", nameof(weights));
        for (int j = 0; j < d; j++) mean[j] /= totalWeight;

        // The points of positive weight, group by group (a counting sort keeps each group's points in order).
        var order = Order(count, weights, groups, out var starts);
        var matrix = new double[d * d];
        var groupMean = new double[d];
        const int Chunk = 128;
        var block = new double[Chunk * d];      // √w (x − μ_g), row by row
        var transposed = new double[d * Chunk]; // the same, column by column
        int filled = 0, used = 0, contributing = 0;
        double usedWeight = 0;
        for (int g = 0; g + 1 < starts.Length; g++)
        {
            var members = order.AsSpan(starts[g], starts[g + 1] - starts[g]);
            if (members.Length < 2) continue;
            contributing++;
            used += members.Length;
            double groupWeight = 0;
            Array.Clear(groupMean);
            foreach (int i in members)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                groupWeight += w;
                var row = points.Slice(i * d, d);
                for (int j = 0; j < d; j++) groupMean[j] += w * double.CreateTruncating(row[j]);
            }
            for (int j = 0; j < d; j++) groupMean[j] /= groupWeight;
            usedWeight += groupWeight;
            foreach (int i in members)
            {
                double scale = Math.Sqrt(weights.IsEmpty ? 1 : weights[i]);
                var row = points.Slice(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    double value = scale * (double.CreateTruncating(row[j]) - groupMean[j]);
                    block[filled * d + j] = value;
                    transposed[j * Chunk + filled] = value;
                }
                if (++filled == Chunk) { Flush(); filled = 0; }
            }
        }
        if (filled > 0) Flush();
        if (usedWeight > 0)
        {
            for (int j = 0; j < d; j++)
                for (int k = j; k < d; k++)
                {
                    double c = 0.5 * (matrix[j * d + k] + matrix[k * d + j]) / usedWeight;
                    matrix[j * d + k] = c;
                    matrix[k * d + j] = c;
                }
        }
        return new WeightedCovariance(mean, matrix, contributing, used);

        // C += Bᵀ B for the rows gathered so far.
        void Flush() => MatrixProduct.MultiplyAdd(transposed, Chunk, block, d, matrix, d, d, filled, d);
    }

    /// <summary>The points of positive weight ordered by group; <paramref name="starts"/>[g] is where group g begins (one past the end last).</summary>
    private static int[] Order(int count, ReadOnlySpan<double> weights, ReadOnlySpan<int> groups, out int[] starts)
    {
        int groupCount = 1;
        if (!groups.IsEmpty)
            foreach (int g in groups) groupCount = Math.Max(groupCount, g + 1);
        starts = new int[groupCount + 1];
        for (int i = 0; i < count; i++)
            if (weights.IsEmpty || weights[i] > 0) starts[(groups.IsEmpty ? 0 : groups[i]) + 1]++;
        for (int g = 0; g < groupCount; g++) starts[g + 1] += starts[g];
        var order = new int[starts[groupCount]];
        var next = starts[..groupCount];
        for (int i = 0; i < count; i++)
            if (weights.IsEmpty || weights[i] > 0) order[next[groups.IsEmpty ? 0 : groups[i]]++] = i;
        return order;
    }
}
