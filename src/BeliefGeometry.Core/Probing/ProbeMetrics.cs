using System.Buffers;

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
        var sums = new ScoreSums(targets, weights, rows, lengths);
        for (int k = 0; k < rows.Length; k++) sums.Add(targets, weights, rows[k], lengths, predictions.Slice(k * d, d));
        return sums.Score();
    }

    /// <summary>
    /// Scores the predictions of <paramref name="model"/> from <paramref name="features"/> on <paramref name="rows"/>
    /// like <see cref="Score(TargetMatrix, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{int})"/>,
    /// predicting a chunk of rows at a time instead of holding rows × d predictions.
    /// </summary>
    public static ProbeScore Score(LinearCoefficients model, FeatureMatrix features, TargetMatrix targets, double[] weights,
        int[] rows, int[]? lengths = null) => Score([model], features, [targets], weights, rows, lengths)[0];

    /// <summary>
    /// The scores of several fits of the same features, fit g against <paramref name="targets"/>[g], from one pass
    /// over the features (<see cref="CombinedPredictor"/>), a chunk of rows at a time.
    /// </summary>
    public static ProbeScore[] Score(IReadOnlyList<LinearCoefficients> models, FeatureMatrix features, IReadOnlyList<TargetMatrix> targets,
        double[] weights, int[] rows, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rows);
        if (models.Count != targets.Count || models.Count == 0) throw new ArgumentException("one model per target matrix is needed", nameof(models));
        for (int g = 0; g < models.Count; g++)
            if (models[g].TargetCount != targets[g].Columns)
                throw new ArgumentException($"model {g} predicts {models[g].TargetCount} targets, '{targets[g].Name}' has {targets[g].Columns}", nameof(models));
        var sums = targets.Select(t => new ScoreSums(t, weights, rows, lengths)).ToArray();
        var predictor = new CombinedPredictor(models);
        const int Chunk = 2048;
        int width = predictor.Width;
        var predicted = ArrayPool<double>.Shared.Rent(Math.Min(Chunk, rows.Length) * width);
        try
        {
            for (int start = 0; start < rows.Length; start += Chunk)
            {
                int count = Math.Min(Chunk, rows.Length - start);
                predictor.Predict(features, rows, start, count, predicted);
                for (int g = 0; g < sums.Length; g++)
                    for (int k = 0; k < count; k++)
                        sums[g].Add(targets[g], weights, rows[start + k], lengths, predicted.AsSpan(k * width + predictor.Offsets[g], targets[g].Columns));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(predicted);
        }
        return [.. sums.Select(s => s.Score())];
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
        return TotalSumOfSquares([stats]);
    }

    /// <summary>The same over the union of the rows of several pieces (summed as they are read).</summary>
    internal static double[] TotalSumOfSquares(IReadOnlyList<SufficientStatistics> pieces)
    {
        int d = pieces[0].TargetCount;
        var sst = new double[d];
        double sw = pieces.Sum(s => s.WeightSum);
        if (!(sw > 0)) return sst;
        for (int t = 0; t < d; t++)
        {
            double squares = 0, sum = 0;
            foreach (var s in pieces) { squares += s.TargetCross(t, t); sum += s.TargetSum(t); }
            sst[t] = Math.Max(0, squares - sum * sum / sw);
        }
        return sst;
    }

    /// <summary>1 − SSE/SST, or null when the target is constant (weighted variance SST/S_w ≤ 1e-20).</summary>
    private static double? R2(double sse, double sst, double weightSum) => sst > 1e-20 * weightSum && sst > 0 ? 1 - sse / sst : null;

    /// <summary>
    /// Σw(y − ŷ)² and Σw(y − ȳ)² per target over the scored rows, and per prefix length (each length against its own
    /// weighted mean) when lengths are given. The means come first (from the targets alone); then <see cref="Add"/>
    /// takes each row's prediction, in row order.
    /// </summary>
    private sealed class ScoreSums
    {
        private readonly int _d;
        private readonly double[] _mean, _sse, _sst;
        private readonly double _weight;
        private readonly double[]? _lengthMean, _lengthSse, _lengthSst, _lengthWeight; // (max length + 1) × d, and per length
        private readonly bool[]? _present;

        public ScoreSums(TargetMatrix targets, ReadOnlySpan<double> weights, ReadOnlySpan<int> rows, ReadOnlySpan<int> lengths)
        {
            int d = _d = targets.Columns;
            _mean = new double[d];
            _sse = new double[d];
            _sst = new double[d];
            int maxLength = 0;
            if (!lengths.IsEmpty)
            {
                foreach (int r in rows) maxLength = Math.Max(maxLength, lengths[r]);
                _present = new bool[maxLength + 1];
                _lengthMean = new double[(maxLength + 1) * d];
                _lengthSse = new double[(maxLength + 1) * d];
                _lengthSst = new double[(maxLength + 1) * d];
                _lengthWeight = new double[maxLength + 1];
            }
            double sw = 0;
            foreach (int r in rows)
            {
                double w = weights[r];
                sw += w;
                var y = targets.Row(r);
                for (int t = 0; t < d; t++) _mean[t] += w * y[t];
                if (_present is null) continue;
                int l = lengths[r];
                _present[l] = true;
                _lengthWeight![l] += w;
                for (int t = 0; t < d; t++) _lengthMean![l * d + t] += w * y[t];
            }
            if (sw > 0) for (int t = 0; t < d; t++) _mean[t] /= sw;
            _weight = sw;
            if (_present is null) return;
            for (int l = 0; l <= maxLength; l++)
                if (_lengthWeight![l] > 0) for (int t = 0; t < d; t++) _lengthMean![l * d + t] /= _lengthWeight[l];
        }

        public void Add(TargetMatrix targets, ReadOnlySpan<double> weights, int r, ReadOnlySpan<int> lengths, ReadOnlySpan<double> predicted)
        {
            double w = weights[r];
            var y = targets.Row(r);
            for (int t = 0; t < _d; t++)
            {
                double e = y[t] - predicted[t], c = y[t] - _mean[t];
                _sse[t] += w * e * e;
                _sst[t] += w * c * c;
            }
            if (_present is null) return;
            int o = lengths[r] * _d;
            for (int t = 0; t < _d; t++)
            {
                double e = y[t] - predicted[t], c = y[t] - _lengthMean![o + t];
                _lengthSse![o + t] += w * e * e;
                _lengthSst![o + t] += w * c * c;
            }
        }

        public ProbeScore Score()
        {
            var score = FromSums(_sse, _sst, _weight);
            if (_present is null) return score;
            var byLength = new List<LengthScore>();
            for (int l = 0; l < _present.Length; l++)
            {
                if (!_present[l]) continue;
                var s = FromSums(_lengthSse.AsSpan(l * _d, _d), _lengthSst.AsSpan(l * _d, _d), _lengthWeight![l]);
                byLength.Add(new LengthScore(l, s.R2, s.Mse));
            }
            return score with { R2PerLength = byLength };
        }
    }
}
