namespace BeliefGeometry.Probing;

/// <summary>
/// The scoring of one feature set against every target of a <see cref="ProbeTargetSet"/> under a
/// <see cref="ProbeProtocol"/> — scikit-learn's <c>cross_validate</c> for probes. The estimator is
/// <see cref="WeightedLeastSquares"/>, or ridge with λ chosen by <see cref="RidgeCv"/> on the training folds
/// (<see cref="UsesRidge"/>). For each target: the fit on the training rows scored on the test rows from its
/// predictions (exact, with R² per prefix length); k-fold CV over all prefixes with the same λ, scored from
/// statistics; and the shuffled control — the same procedure (its own λ) on the permuted targets, scored on the
/// test rows from statistics.
/// </summary>
public sealed class ProbeScorer
{
    private readonly double _effectiveTrainRows;
    private ProbeMetrics.ScoreReference[]? _testReferences; // the targets' means and sums of squares over the test rows, shared by every feature set
    private ProbeMetrics.ScoreReference[]? _allReferences;  // the same over every row (in-sample scoring)
    private (int[] Rows, bool Sampled)? _distanceRows;
    private readonly int[] _allRows;

    /// <summary>
    /// <paramref name="nextToken"/>: P(· | prefix) per row, for the distance correlation of the belief probes (none
    /// without it).
    /// </summary>
    public ProbeScorer(ProbeTargetSet targets, ProbeProtocol protocol, double[] weights, int[] lengths, ProbeSettings settings,
        TargetMatrix? nextToken = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentNullException.ThrowIfNull(settings);
        if (weights.Length != targets.Rows || lengths.Length != targets.Rows)
            throw new ArgumentException($"{targets.Rows} rows need as many weights ({weights.Length}) and lengths ({lengths.Length})");
        Targets = targets;
        Protocol = protocol;
        Weights = weights;
        Lengths = lengths;
        Settings = settings;
        NextToken = nextToken;
        _allRows = [.. Enumerable.Range(0, targets.Rows)];
        _effectiveTrainRows = Prober.EffectiveSampleSize(weights, protocol.Split.Train);
    }

    public ProbeTargetSet Targets { get; }
    public ProbeProtocol Protocol { get; }

    /// <summary>Row weights (prefix probabilities).</summary>
    public double[] Weights { get; }

    /// <summary>Prefix length of each row.</summary>
    public int[] Lengths { get; }

    public ProbeSettings Settings { get; }

    /// <summary>P(· | prefix) per row, or null.</summary>
    public TargetMatrix? NextToken { get; }

    /// <summary>The statistics of a feature set over every piece of the protocol (one pass over its rows).</summary>
    public FoldStatistics Statistics(FeatureMatrix features) => FoldStatistics.Compute(features, Targets, Weights, Protocol, Settings.Threads);

    /// <summary>
    /// Ridge for <see cref="RidgeMode.Always"/>; under <see cref="RidgeMode.Auto"/> for a concatenation and for any
    /// set with p ≥ n_eff/4 (n_eff = <see cref="Prober.EffectiveSampleSize"/> of the training rows); else least squares.
    /// </summary>
    public bool UsesRidge(FeatureSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Settings.Ridge == RidgeMode.Always ||
               (Settings.Ridge == RidgeMode.Auto && (set.StandsFor == FeatureSetKind.Concatenation || 4 * set.Width >= _effectiveTrainRows));
    }

    /// <summary>One <see cref="ProbeResult"/> per target (in target order) for <paramref name="set"/>, whose statistics are <paramref name="stats"/>.</summary>
    public IReadOnlyList<ProbeResult> Score(FeatureSet set, FoldStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(stats);
        if (stats.Folds != Protocol.Folds || stats.Train[0].FeatureCount != set.Width || stats.Train[0].TargetCount != Targets.Columns)
            throw new ArgumentException($"the statistics do not belong to feature set '{set.Name}' and these targets", nameof(stats));
        var grid = Settings.RidgeGrid ?? RidgeCv.DefaultGrid;
        bool ridge = UsesRidge(set);
        var columns = Targets.FittedColumns; // each target, then each shuffled copy
        var choices = ridge ? RidgeCv.ChoosePenalties(stats.Train, grid, columns, Settings.Threads) : null;
        var penalties = choices?.Select(c => c.Penalty).ToArray() ?? new double[columns.Count];
        var fit = WeightedLeastSquares.Fit(stats.TrainTotal(), columns, penalties);
        var (cvSse, cvSst, cvWeight) = Settings.CrossValidate ? CrossValidate(stats, columns, penalties, Settings.Threads) : ([], [], 0);
        var test = Targets.Shuffle is null ? null : stats.TestTotal();
        var split = Protocol.Split;

        int count = Targets.Targets.Count;
        _testReferences ??= [.. Targets.Targets.Select(t => new ProbeMetrics.ScoreReference(t, Weights, split.Test, Lengths))];
        var heldOutScores = ProbeMetrics.Score(fit[..count], set.Features, _testReferences, split.Test);
        (LinearCoefficients[] Fits, ProbeScore[] Scores, double?[] Shuffled)? inSample = Settings.Scoring == Scoring.InSample ? InSample(stats, set, columns, penalties) : null;
        var results = new List<ProbeResult>();
        for (int g = 0; g < count; g++)
        {
            var target = Targets.Targets[g];
            var model = fit[g];
            var real = Targets.Real(g);
            var heldOut = heldOutScores[g];
            var cv = Settings.CrossValidate ? ProbeMetrics.FromSums(cvSse.AsSpan(real.Start, real.Count), cvSst.AsSpan(real.Start, real.Count), cvWeight) : null;
            double? shuffled = test is null ? null : ProbeMetrics.FromStatistics(fit[g + count], test.SelectTargets(Targets.Shuffled(g))).R2;
            var distance = target.Name == ProbeTargetSet.BeliefName
                ? Distance(Settings.Scoring == Scoring.InSample ? inSample!.Value.Fits[g] : model, set.Features, target)
                : null;
            results.Add(new ProbeResult(set.Name, set.Width, set.Baseline, target.Name, target.Columns, ridge ? "ridge_cv" : "wls",
                ridge ? penalties[g] : null, model.PseudoInverse, model.Rank, split.Train.Length, split.Test.Length,
                heldOut, cv, shuffled, ridge ? grid : null, choices?[g].CvR2, model, set.RandomNull,
                InSample: inSample?.Scores[g], ShuffledInSampleR2: inSample?.Shuffled[g], DistanceR2: distance));
        }
        return results;
    }

    /// <summary>
    /// Every target (and shuffled copy) fitted on all rows with its penalty and scored on the same rows: the scores of
    /// the real targets from their predictions, the shuffled controls' R² from statistics.
    /// </summary>
    private (LinearCoefficients[] Fits, ProbeScore[] Scores, double?[] Shuffled) InSample(FoldStatistics stats, FeatureSet set,
        IReadOnlyList<ColumnRange> columns, double[] penalties)
    {
        var all = SufficientStatistics.Sum([.. stats.Train, .. stats.Test]);
        var fits = WeightedLeastSquares.Fit(all, columns, penalties);
        int count = Targets.Targets.Count;
        _allReferences ??= [.. Targets.Targets.Select(t => new ProbeMetrics.ScoreReference(t, Weights, _allRows, Lengths))];
        var scores = ProbeMetrics.Score(fits[..count], set.Features, _allReferences, _allRows);
        var shuffled = Enumerable.Range(0, count)
            .Select(g => Targets.Shuffle is null ? null : ProbeMetrics.FromStatistics(fits[g + count], all.SelectTargets(Targets.Shuffled(g))).R2)
            .ToArray();
        return (fits, scores, shuffled);
    }

    /// <summary>
    /// The distance correlation of a belief fit on the rows the protocol scores (the test rows, or every row in sample;
    /// none under k-fold CV or without next-token distributions), at most <see cref="ProbeSettings.DistanceRows"/> of them.
    /// </summary>
    private DistanceCorrelation? Distance(LinearCoefficients model, FeatureMatrix features, TargetMatrix beliefs)
    {
        if (NextToken is null || Settings.Scoring == Scoring.CrossValidation || Settings.DistanceRows < 2) return null;
        var (rows, sampled) = _distanceRows ??= DistanceSample(Settings.Scoring == Scoring.InSample ? _allRows : Protocol.Split.Test);
        return DistanceCorrelation.Compute(model.Predict(features, rows), beliefs, NextToken, Weights, rows, sampled,
            repeatedRows: Settings.Rows == RowWeighting.SequenceCount && !sampled, Settings.Threads);
    }

    /// <summary>The rows themselves when there are at most <see cref="ProbeSettings.DistanceRows"/>; else a seeded sample of that many, in order.</summary>
    private (int[] Rows, bool Sampled) DistanceSample(int[] rows)
    {
        if (rows.Length <= Settings.DistanceRows) return (rows, false);
        var order = Splitters.Permutation(rows.Length, Settings.Seed ^ 0x9E3779B97F4A7C15UL);
        var sample = new int[Settings.DistanceRows];
        for (int k = 0; k < sample.Length; k++) sample[k] = rows[order[k]];
        Array.Sort(sample);
        return (sample, true);
    }

    /// <summary>
    /// The held-out predictions of <paramref name="result"/>'s fit from <paramref name="features"/> (the feature set it
    /// was fitted on), with the actual target values of the same rows.
    /// </summary>
    public HeldOutPredictions HeldOutPredictions(ProbeResult result, FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(result);
        var model = result.Coefficients ?? throw new ArgumentException($"probe {result.Features} → {result.Target} has no coefficients", nameof(result));
        var target = Targets.Targets.Single(t => t.Name == result.Target);
        var rows = Protocol.Split.Test;
        var predicted = model.Predict(features, rows);
        var actual = new double[predicted.Length];
        for (int r = 0; r < rows.Length; r++) target.Row(rows[r]).CopyTo(actual.AsSpan(r * target.Columns, target.Columns));
        return new HeldOutPredictions(result.Features, target.Name, target.Columns, rows, predicted, actual);
    }

    /// <summary>
    /// k-fold CV over all prefixes (fold i = train fold i ∪ test fold i), each column range fitted with its penalty on
    /// the other folds: pooled Σ_folds SSE and SST per column, and Σ_folds S_w. A fold's SSE is the sum of its two
    /// pieces' (the model is fixed), so no union of statistics is formed.
    /// </summary>
    internal static (double[] Sse, double[] Sst, double WeightSum) CrossValidate(FoldStatistics stats, IReadOnlyList<ColumnRange> columns,
        double[] penalties, int threads)
    {
        int k = stats.Folds, d = stats.Train[0].TargetCount;
        var distinct = penalties.Distinct().ToArray();
        var foldSse = new double[k][];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, f =>
        {
            using var problem = new StandardizedProblem([.. stats.Train.Where((_, i) => i != f), .. stats.Test.Where((_, i) => i != f)]);
            var errors = problem.HeldOutErrors(distinct, [stats.Train[f], stats.Test[f]]);
            foldSse[f] = new double[d];
            for (int i = 0; i < columns.Count; i++)
                errors[Array.IndexOf(distinct, penalties[i])].AsSpan(columns[i].Start, columns[i].Count).CopyTo(foldSse[f].AsSpan(columns[i].Start));
        });
        var sse = new double[d];
        var sst = new double[d];
        double weight = 0;
        for (int f = 0; f < k; f++)
        {
            var foldSst = ProbeMetrics.TotalSumOfSquares([stats.Train[f], stats.Test[f]]);
            weight += stats.Train[f].WeightSum + stats.Test[f].WeightSum;
            for (int t = 0; t < d; t++) { sse[t] += foldSse[f][t]; sst[t] += foldSst[t]; }
        }
        return (sse, sst, weight);
    }
}
