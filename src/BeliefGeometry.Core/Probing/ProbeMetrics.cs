namespace BeliefGeometry.Probing;

/// <summary>The metrics of <see cref="ProbeScore"/>, from predictions or from sums of squares.</summary>
public static class ProbeMetrics
{
    /// <summary>
    /// Scores <paramref name="predictions"/> (rows.Length × d, in the order of <paramref name="rows"/>) against
    /// <paramref name="targets"/>; with <paramref name="lengths"/> (prefix length per row of the full matrix) also per length.
    /// </summary>
    public static ProbeScore Score(TargetMatrix targets, ReadOnlySpan<double> predictions, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> rows, ReadOnlySpan<int> lengths = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        int d = targets.Columns;
        if (predictions.Length != rows.Length * d)
            throw new ArgumentException($"{rows.Length} rows × {d} targets need {rows.Length * d} predictions, got {predictions.Length}", nameof(predictions));
        var (sse, sst, sw) = Sums(targets, predictions, weights, rows, _ => true);
        var score = FromSums(sse, sst, sw);
        if (lengths.IsEmpty) return score;
        int maxLength = 0;
        foreach (int r in rows) maxLength = Math.Max(maxLength, lengths[r]);
        var present = new bool[maxLength + 1];
        foreach (int r in rows) present[lengths[r]] = true;
        var byLength = new List<LengthScore>();
        var lengthArray = lengths.ToArray();
        for (int length = 0; length <= maxLength; length++)
        {
            if (!present[length]) continue;
            int l = length;
            var (e, t, w) = Sums(targets, predictions, weights, rows, r => lengthArray[r] == l);
            var s = FromSums(e, t, w);
            byLength.Add(new LengthScore(length, s.R2, s.Mse));
        }
        return score with { R2PerLength = byLength };
    }

    /// <summary>Metrics from per-target Σw(y − ŷ)² (<paramref name="sse"/>), Σw(y − ȳ)² (<paramref name="sst"/>) and Σw.</summary>
    public static ProbeScore FromSums(ReadOnlySpan<double> sse, ReadOnlySpan<double> sst, double weightSum)
    {
        int d = sse.Length;
        double totalE = 0, totalT = 0, mse = 0;
        var perDimension = new double?[d];
        for (int t = 0; t < d; t++)
        {
            totalE += sse[t];
            totalT += sst[t];
            mse += weightSum > 0 ? sse[t] / weightSum / d : 0;
            perDimension[t] = R2(sse[t], sst[t], weightSum);
        }
        return new ProbeScore(mse, R2(totalE, totalT, weightSum * d), perDimension);
    }

    /// <summary>Σw(y_t − ȳ_t)² per target over the rows of <paramref name="stats"/>: YᵀWY_tt − (Σw y_t)²/S_w.</summary>
    public static double[] TotalSumOfSquares(SufficientStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var sst = new double[stats.TargetCount];
        double sw = stats.WeightSum;
        for (int t = 0; t < sst.Length; t++)
            sst[t] = sw > 0 ? Math.Max(0, stats.TargetCross(t, t) - stats.TargetSum(t) * stats.TargetSum(t) / sw) : 0;
        return sst;
    }

    /// <summary>1 − SSE/SST, or null when the target is constant (weighted variance SST/S_w ≤ 1e-20).</summary>
    private static double? R2(double sse, double sst, double weightSum) => sst > 1e-20 * weightSum && sst > 0 ? 1 - sse / sst : null;

    private static (double[] Sse, double[] Sst, double WeightSum) Sums(TargetMatrix targets, ReadOnlySpan<double> predictions,
        ReadOnlySpan<double> weights, ReadOnlySpan<int> rows, Func<int, bool> include)
    {
        int d = targets.Columns;
        var mean = new double[d];
        double sw = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            int r = rows[k];
            if (!include(r)) continue;
            double w = weights[r];
            sw += w;
            var y = targets.Row(r);
            for (int t = 0; t < d; t++) mean[t] += w * y[t];
        }
        if (sw > 0) for (int t = 0; t < d; t++) mean[t] /= sw;
        var sse = new double[d];
        var sst = new double[d];
        for (int k = 0; k < rows.Length; k++)
        {
            int r = rows[k];
            if (!include(r)) continue;
            double w = weights[r];
            var y = targets.Row(r);
            for (int t = 0; t < d; t++)
            {
                double e = y[t] - predictions[k * d + t], c = y[t] - mean[t];
                sse[t] += w * e * e;
                sst[t] += w * c * c;
            }
        }
        return (sse, sst, sw);
    }
}
