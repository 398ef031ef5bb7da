using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>
/// The distance-correlation R² of a belief probe (Shai et al. 2024): the squared Pearson correlation, over pairs of
/// scored rows i &lt; j weighted w_i·w_j, between ‖η̂_i − η̂_j‖ (predicted beliefs) and ‖η_i − η_j‖ (true beliefs,
/// <see cref="Beliefs"/>) or ‖P(·|i) − P(·|j)‖ (next-token distributions, <see cref="NextToken"/>). A probe that read
/// only the next token would match the second and not the first. <see cref="Rows"/> rows were paired; when
/// <see cref="Sampled"/>, a seeded sample of the scored rows. When the weights count repeated rows (the published rows,
/// <see cref="RowWeighting.SequenceCount"/>), the pairs are those of the repeated rows: also the w_i(w_i − 1)/2 pairs of
/// copies of one prefix, at distance 0 in all three (the published figure pairs its 4,360 rows so).
/// </summary>
public sealed record DistanceCorrelation(
    [property: JsonPropertyName("beliefs")] double? Beliefs,
    [property: JsonPropertyName("next_token")] double? NextToken,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sampled")] bool Sampled)
{
    /// <summary>
    /// The two R² for <paramref name="predicted"/> (rows.Length × d, in the order of <paramref name="rows"/>), with
    /// <paramref name="beliefs"/> and <paramref name="nextToken"/> read at <paramref name="rows"/>. Two passes over the
    /// pairs (means, then centred sums), each row's pairs summed on their own and the rows' sums added in order, so the
    /// result does not depend on the threads.
    /// </summary>
    public static DistanceCorrelation Compute(ReadOnlySpan<double> predicted, TargetMatrix beliefs, TargetMatrix nextToken,
        ReadOnlySpan<double> weights, int[] rows, bool sampled, bool repeatedRows = false, int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        ArgumentNullException.ThrowIfNull(nextToken);
        ArgumentNullException.ThrowIfNull(rows);
        int m = rows.Length, d = beliefs.Columns;
        if (predicted.Length != m * d) throw new ArgumentException($"{m} rows × {d} need {m * d} predictions, got {predicted.Length}", nameof(predicted));
        var p = predicted.ToArray();
        var w = new double[m];
        for (int k = 0; k < m; k++) w[k] = weights[rows[k]];
        var pairs = new Pairs(p, d, Gather(beliefs, rows), Gather(nextToken, rows), nextToken.Columns, w, repeatedRows);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };

        var first = new double[m][];
        Parallel.For(0, m, options, i => first[i] = pairs.Sums(i, null));
        var mean = Add(first, 4);
        for (int t = 1; t < 4; t++) mean[t] = mean[0] > 0 ? mean[t] / mean[0] : 0;
        var second = new double[m][];
        Parallel.For(0, m, options, i => second[i] = pairs.Sums(i, mean));
        var s = Add(second, 5); // Σω(a−ā)², Σω(b−b̄)², Σω(c−c̄)², Σω(a−ā)(b−b̄), Σω(a−ā)(c−c̄)
        return new DistanceCorrelation(SquaredCorrelation(s[3], s[0], s[1]), SquaredCorrelation(s[4], s[0], s[2]), m, sampled);
    }

    private static double? SquaredCorrelation(double cross, double a, double b) =>
        a > 1e-300 && b > 1e-300 ? cross * cross / (a * b) : null;

    private static double[] Gather(TargetMatrix matrix, int[] rows)
    {
        var values = new double[rows.Length * matrix.Columns];
        for (int k = 0; k < rows.Length; k++) matrix.Row(rows[k]).CopyTo(values.AsSpan(k * matrix.Columns));
        return values;
    }

    private static double[] Add(double[][] perRow, int width)
    {
        var total = new double[width];
        foreach (var row in perRow)
            for (int t = 0; t < width; t++) total[t] += row[t];
        return total;
    }

    /// <summary>The pairs (i, j &gt; i) of one row i: distances a (predicted), b (beliefs), c (next token), weight ω = w_i w_j.</summary>
    private sealed record Pairs(double[] Predicted, int D, double[] Beliefs, double[] NextToken, int V, double[] W, bool Repeated)
    {
        /// <summary>Without means: Σω, Σωa, Σωb, Σωc. With means (ω-weighted, [_, ā, b̄, c̄]): the centred sums.</summary>
        public double[] Sums(int i, double[]? mean)
        {
            int m = W.Length;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
            if (Repeated) // the pairs among copies of row i: every distance 0
            {
                double copies = W[i] * (W[i] - 1) / 2;
                if (mean is null) s0 += copies;
                else
                {
                    s0 += copies * mean[1] * mean[1]; s1 += copies * mean[2] * mean[2]; s2 += copies * mean[3] * mean[3];
                    s3 += copies * mean[1] * mean[2]; s4 += copies * mean[1] * mean[3];
                }
            }
            var pi = Predicted.AsSpan(i * D, D);
            var bi = Beliefs.AsSpan(i * D, D);
            var ci = NextToken.AsSpan(i * V, V);
            for (int j = i + 1; j < m; j++)
            {
                double omega = W[i] * W[j];
                double a = Distance(pi, Predicted.AsSpan(j * D, D));
                double b = Distance(bi, Beliefs.AsSpan(j * D, D));
                double c = Distance(ci, NextToken.AsSpan(j * V, V));
                if (mean is null)
                {
                    s0 += omega; s1 += omega * a; s2 += omega * b; s3 += omega * c;
                    continue;
                }
                a -= mean[1]; b -= mean[2]; c -= mean[3];
                s0 += omega * a * a; s1 += omega * b * b; s2 += omega * c * c; s3 += omega * a * b; s4 += omega * a * c;
            }
            return mean is null ? [s0, s1, s2, s3] : [s0, s1, s2, s3, s4];
        }

        // A plain loop: the vectors have a handful of entries, fewer than a vector library call pays for.
        private static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            double sum = 0;
            for (int t = 0; t < x.Length; t++) { double e = x[t] - y[t]; sum += e * e; }
            return Math.Sqrt(sum);
        }
    }
}
