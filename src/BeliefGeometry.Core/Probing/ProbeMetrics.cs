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
        var reference = new ScoreReference(targets, weights.ToArray(), rows, lengths.IsEmpty ? null : lengths.ToArray());
        var sse = reference.NewErrors();
        for (int k = 0; k < rows.Length; k++) reference.AddErrors(sse, rows[k], predictions.Slice(k * d, d));
        return reference.Score(sse);
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
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rows);
        return Score(models, features, [.. targets.Select(t => new ScoreReference(t, weights, rows, lengths))], rows);
    }

    /// <summary>
    /// <see cref="Score(IReadOnlyList{LinearCoefficients}, FeatureMatrix, IReadOnlyList{TargetMatrix}, double[], int[], int[])"/>
    /// with each target's means and total sums of squares over the rows given (they do not depend on the fit). The rows
    /// are split in two halves, each predicted and summed on its own thread; the halves' sums are added in order.
    /// </summary>
    internal static ProbeScore[] Score(IReadOnlyList<LinearCoefficients> models, FeatureMatrix features, IReadOnlyList<ScoreReference> references,
        int[] rows)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(features);
        if (models.Count != references.Count || models.Count == 0) throw new ArgumentException("one model per target matrix is needed", nameof(models));
        for (int g = 0; g < models.Count; g++)
            if (models[g].TargetCount != references[g].Targets.Columns)
                throw new ArgumentException($"model {g} predicts {models[g].TargetCount} targets, '{references[g].Targets.Name}' has {references[g].Targets.Columns}", nameof(models));
        var predictor = new CombinedPredictor(models);
        int width = predictor.Width, halves = rows.Length * (long)features.Columns * width > 1_000_000 ? 2 : 1;
        var errors = new double[halves][][];
        Parallel.For(0, halves, new ParallelOptions { MaxDegreeOfParallelism = halves }, h =>
        {
            const int Chunk = 1024;
            int from = (int)((long)rows.Length * h / halves), to = (int)((long)rows.Length * (h + 1) / halves);
            var sse = errors[h] = [.. references.Select(r => r.NewErrors())];
            var predicted = ArrayPool<double>.Shared.Rent(Math.Min(Chunk, Math.Max(1, to - from)) * width);
            try
            {
                for (int start = from; start < to; start += Chunk)
                {
                    int count = Math.Min(Chunk, to - start);
                    predictor.Predict(features, rows, start, count, predicted);
                    for (int g = 0; g < references.Count; g++)
                        for (int k = 0; k < count; k++)
                            references[g].AddErrors(sse[g], rows[start + k], predicted.AsSpan(k * width + predictor.Offsets[g], references[g].Targets.Columns));
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(predicted);
            }
        });
        var scores = new ProbeScore[references.Count];
        for (int g = 0; g < references.Count; g++)
        {
            var total = errors[0][g];
            for (int h = 1; h < halves; h++)
                for (int i = 0; i < total.Length; i++) total[i] += errors[h][g][i];
            scores[g] = references[g].Score(total);
        }
        return scores;
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

    /// <summary>The metrics of <paramref name="model"/> on the rows whose statistics are <paramref name="stats"/> (no pass over the data; no per-length R²).</summary>
    public static ProbeScore FromStatistics(LinearCoefficients model, SufficientStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stats);
        return FromSums(model.SumSquaredErrors(stats), TotalSumOfSquares(stats), stats.WeightSum);
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
    /// What a score needs besides the predictions, over the scored rows: per target the weighted mean ȳ and
    /// Σw(y − ȳ)², and per prefix length (each length against its own weighted mean) when lengths are given.
    /// <see cref="AddErrors"/> then sums Σw(y − ŷ)² of each row into an array of <see cref="NewErrors"/> (overall d values,
    /// then d per length).
    /// </summary>
    internal sealed class ScoreReference
    {
        private readonly int _d;
        private readonly double[] _weights;
        private readonly int[]? _lengths; // prefix length of every row of the full matrix
        private readonly double[] _sst;
        private readonly double _weight;
        private readonly double[]? _lengthSst, _lengthWeight; // (max length + 1) × d, and per length
        private readonly bool[]? _present;

        public ScoreReference(TargetMatrix targets, double[] weights, ReadOnlySpan<int> rows, int[]? lengths)
        {
            Targets = targets;
            _weights = weights;
            int d = _d = targets.Columns;
            var mean = new double[d];
            _sst = new double[d];
            int maxLength = 0;
            double[]? lengthMean = null;
            if (lengths is not null)
            {
                _lengths = lengths;
                foreach (int r in rows) maxLength = Math.Max(maxLength, lengths[r]);
                _present = new bool[maxLength + 1];
                lengthMean = new double[(maxLength + 1) * d];
                _lengthSst = new double[(maxLength + 1) * d];
                _lengthWeight = new double[maxLength + 1];
            }
            double sw = 0;
            foreach (int r in rows)
            {
                double w = weights[r];
                sw += w;
                var y = targets.Row(r);
                for (int t = 0; t < d; t++) mean[t] += w * y[t];
                if (_present is null) continue;
                int l = lengths![r];
                _present[l] = true;
                _lengthWeight![l] += w;
                for (int t = 0; t < d; t++) lengthMean![l * d + t] += w * y[t];
            }
            if (sw > 0) for (int t = 0; t < d; t++) mean[t] /= sw;
            _weight = sw;
            if (_present is not null)
                for (int l = 0; l <= maxLength; l++)
                    if (_lengthWeight![l] > 0) for (int t = 0; t < d; t++) lengthMean![l * d + t] /= _lengthWeight[l];
            foreach (int r in rows)
            {
                double w = weights[r];
                var y = targets.Row(r);
                for (int t = 0; t < d; t++) { double c = y[t] - mean[t]; _sst[t] += w * c * c; }
                if (_present is null) continue;
                int o = lengths![r] * d;
                for (int t = 0; t < d; t++) { double c = y[t] - lengthMean![o + t]; _lengthSst![o + t] += w * c * c; }
            }
        }

        public TargetMatrix Targets { get; }

        public double[] NewErrors() => new double[_d * (1 + (_present?.Length ?? 0))];

        public void AddErrors(double[] sse, int r, ReadOnlySpan<double> predicted)
        {
            double w = _weights[r];
            var y = Targets.Row(r);
            int o = _lengths is null ? -1 : (1 + _lengths[r]) * _d;
            for (int t = 0; t < _d; t++)
            {
                double e = y[t] - predicted[t], squared = w * e * e;
                sse[t] += squared;
                if (o >= 0) sse[o + t] += squared;
            }
        }

        public ProbeScore Score(double[] sse)
        {
            var score = FromSums(sse.AsSpan(0, _d), _sst, _weight);
            if (_present is null) return score;
            var byLength = new List<LengthScore>();
            for (int l = 0; l < _present.Length; l++)
            {
                if (!_present[l]) continue;
                var s = FromSums(sse.AsSpan((1 + l) * _d, _d), _lengthSst.AsSpan(l * _d, _d), _lengthWeight![l]);
                byLength.Add(new LengthScore(l, s.R2, s.Mse));
            }
            return score with { R2PerLength = byLength };
        }
    }
}
