using System.Numerics.Tensors;

namespace BeliefGeometry.Probing;

/// <summary>
/// A fitted affine map ŷ = a + xB from p features to d targets: <see cref="Coefficients"/> is B (p×d, row-major)
/// and <see cref="Intercept"/> is a. <see cref="Penalty"/> is the ridge λ it was fitted with (0 = least squares);
/// <see cref="PseudoInverse"/> says the normal equations were singular or ill-conditioned and were solved with
/// a pseudo-inverse (directions of relative eigenvalue below the cutoff dropped), <see cref="Rank"/> is the
/// number of directions kept.
/// </summary>
public sealed record LinearCoefficients(int FeatureCount, int TargetCount, double[] Coefficients, double[] Intercept,
    double Penalty, bool PseudoInverse, int Rank)
{
    private double[]? _transposed;

    /// <summary>B_{jt}.</summary>
    public double Coefficient(int feature, int target) => Coefficients[feature * TargetCount + target];

    /// <summary>Predictions for <paramref name="rows"/> (all rows when null): rows × d, row-major.</summary>
    public double[] Predict(FeatureMatrix features, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        rows ??= Enumerable.Range(0, features.Rows).ToArray();
        var result = new double[rows.Length * TargetCount];
        Predict(features, rows, 0, rows.Length, result);
        return result;
    }

    /// <summary>ŷ = a + xB for rows[start … start + count) into <paramref name="destination"/> (count × d, row-major).</summary>
    internal void Predict(FeatureMatrix features, int[] rows, int start, int count, double[] destination)
    {
        if (features.Columns != FeatureCount)
            throw new ArgumentException($"'{features.Name}' has {features.Columns} columns, the probe was fitted on {FeatureCount}", nameof(features));
        var bt = _transposed ??= Transpose();
        int p = FeatureCount, d = TargetCount;
        int threads = count * (long)p * d > 1_000_000 ? 2 : 1, chunk = (count + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            var x = new double[p];
            for (int r = k * chunk; r < Math.Min(count, (k + 1) * chunk); r++)
            {
                features.CopyRow(rows[start + r], x);
                for (int t = 0; t < d; t++)
                    destination[r * d + t] = Intercept[t] + TensorPrimitives.Dot<double>(x, bt.AsSpan(t * p, p));
            }
        });
    }

    /// <summary>
    /// Σ w (y_t − ŷ_t)² for each target over the rows summarised by <paramref name="stats"/>, without a pass over
    /// the data: S_yy − 2 bᵀS_xy + bᵀS_xx b + S_w (ȳ − a − x̄ᵀb)², with S the statistics centered at their own
    /// weighted means x̄, ȳ.
    /// </summary>
    public double[] SumSquaredErrors(SufficientStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (stats.FeatureCount != FeatureCount || stats.TargetCount != TargetCount)
            throw new ArgumentException("the statistics do not match the probe's shape", nameof(stats));
        var sse = new double[TargetCount];
        if (stats.WeightSum > 0) SumSquaredErrors(stats, new CenteredFeatures(stats), 0, sse);
        return sse;
    }

    /// <summary><see cref="SumSquaredErrors(SufficientStatistics)"/> with the centered feature statistics of <paramref name="stats"/> given (shared between fits).</summary>
    internal double[] SumSquaredErrors(SufficientStatistics stats, CenteredFeatures centered)
    {
        var sse = new double[TargetCount];
        if (stats.WeightSum > 0) SumSquaredErrors(stats, centered, 0, sse);
        return sse;
    }

    /// <summary>
    /// Several fits, fit i for the target columns <paramref name="columns"/>[i] of <paramref name="stats"/>: Σ w (y_t − ŷ_t)²
    /// for every target column (0 where no fit covers it), sharing the centered feature statistics.
    /// </summary>
    internal static double[] SumSquaredErrors(IReadOnlyList<LinearCoefficients> fits, IReadOnlyList<ColumnRange> columns, SufficientStatistics stats)
    {
        var sse = new double[stats.TargetCount];
        if (!(stats.WeightSum > 0)) return sse;
        var centered = new CenteredFeatures(stats);
        for (int i = 0; i < fits.Count; i++)
        {
            if (fits[i].FeatureCount != stats.FeatureCount || fits[i].TargetCount != columns[i].Count)
                throw new ArgumentException("the statistics do not match the probe's shape", nameof(stats));
            fits[i].SumSquaredErrors(stats, centered, columns[i].Start, sse.AsSpan(columns[i].Start, columns[i].Count));
        }
        return sse;
    }

    /// <summary>The columns <paramref name="columns"/> of the map (its fit of those targets alone: each target's fit is independent of the others).</summary>
    public LinearCoefficients SelectTargets(ColumnRange columns)
    {
        int p = FeatureCount, d = TargetCount, count = columns.Count;
        if (columns.Start < 0 || count < 0 || columns.End > d) throw new ArgumentOutOfRangeException(nameof(columns), $"{columns} is not within the {d} targets");
        var b = new double[p * count];
        for (int j = 0; j < p; j++)
            for (int t = 0; t < count; t++) b[j * count + t] = Coefficients[j * d + columns.Start + t];
        return new LinearCoefficients(p, count, b, Intercept.AsSpan(columns.Start, count).ToArray(), Penalty, PseudoInverse, Rank);
    }

    /// <summary>SSE of this map's targets against the statistics' targets from <paramref name="targetStart"/> on.</summary>
    private void SumSquaredErrors(SufficientStatistics stats, CenteredFeatures centered, int targetStart, Span<double> sse)
    {
        int p = FeatureCount, d = TargetCount;
        double sw = stats.WeightSum;
        var mx = centered.Mean;
        var sxx = centered.Cross;
        var bt = _transposed ??= Transpose();
        var sb = new double[p];
        for (int t = 0; t < d; t++)
        {
            var b = bt.AsSpan(t * p, p);
            int y = targetStart + t;
            double my = stats.TargetSum(y) / sw;
            double syy = stats.TargetCross(y, y) - sw * my * my, cross = 0;
            for (int j = 0; j < p; j++)
            {
                cross += b[j] * (stats.FeatureTargetCross(j, y) - sw * mx[j] * my);
                sb[j] = TensorPrimitives.Dot<double>(sxx.AsSpan(j * p, p), b);
            }
            double quadratic = TensorPrimitives.Dot<double>(b, sb);
            double delta = my - Intercept[t] - TensorPrimitives.Dot<double>(mx, b);
            sse[t] = Math.Max(0, syy - 2 * cross + quadratic + sw * delta * delta);
        }
    }

    private double[] Transpose()
    {
        var bt = new double[FeatureCount * TargetCount];
        for (int j = 0; j < FeatureCount; j++)
            for (int t = 0; t < TargetCount; t++) bt[t * FeatureCount + j] = Coefficients[j * TargetCount + t];
        return bt;
    }
}
