using BeliefGeometry.Data;

namespace BeliefGeometry.Probing;

/// <summary>
/// The probe analysis of a run: for every feature block (hook name → float32 activations, one row per prefix of
/// <see cref="PrefixSet"/>), optionally their concatenation, and the baseline features, fit every target —
/// belief η, next-k-token distributions, Markov-m beliefs — and report held-out, k-fold CV and shuffled-control
/// metrics (<see cref="ProbeResult"/>).
/// <para>Protocol: one seeded train/test split (default 20%/80%); the training rows are cut into k folds (the ridge
/// CV) and so are the test rows; k-fold CV over all prefixes uses fold i = train fold i ∪ test fold i. So one pass
/// of the Gram kernel per fold gives every statistic, and each block's statistics are a sub-block of the
/// concatenation's. Held-out metrics of the real targets come from predictions (exact, per length); the shuffled
/// control and the CV are scored from statistics. The k-fold CV uses the penalty chosen on the training rows.</para>
/// </summary>
public static class Prober
{
    public static ProbeAnalysis Run(IReadOnlyList<FeatureMatrix> blocks, PrefixSet prefixes, ProbeSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(prefixes);
        settings ??= new ProbeSettings();
        int n = prefixes.Count;
        foreach (var block in blocks)
            if (block.Rows != n)
                throw new InputException($"probe: features '{block.Name}' have {block.Rows} rows, the prefix set has {n}");
        if (blocks.Select(b => b.Name).Distinct().Count() != blocks.Count)
            throw new InputException("probe: feature block names must be distinct");
        var grid = settings.RidgeGrid ?? RidgeCv.DefaultGrid;
        var weights = prefixes.Probabilities.ToArray();
        var lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = prefixes.Length(i);

        // Targets, side by side; then the same permuted across prefixes.
        var targets = new List<TargetMatrix> { ProbeTargets.Belief(prefixes) };
        foreach (int k in settings.NextTokenHorizons) targets.Add(ProbeTargets.NextTokens(prefixes, k));
        foreach (int m in settings.MarkovOrders) targets.Add(ProbeTargets.MarkovBelief(prefixes, m));
        var real = TargetMatrix.Concatenate("targets", targets);
        int realWidth = real.Columns;
        var all = settings.ShuffleControl
            ? TargetMatrix.Concatenate("targets+shuffled", [real, real.PermuteRows("shuffled", Splitters.Permutation(n, settings.Seed ^ 0x5DEECE66DUL))])
            : real;
        var targetOffsets = new int[targets.Count];
        for (int g = 1; g < targets.Count; g++) targetOffsets[g] = targetOffsets[g - 1] + targets[g - 1].Columns;
        var split = Splitters.TrainTest(n, settings.TrainFraction, settings.Seed);
        var trainFolds = Splitters.KFold(split.Train, settings.Folds, settings.Seed + 1).Select(f => f.Test).ToArray();
        var testFolds = Splitters.KFold(split.Test, settings.Folds, settings.Seed + 2).Select(f => f.Test).ToArray();

        // Feature sets and their fold statistics (blocks as sub-blocks of the concatenation when there is one).
        var sets = new List<(FeatureMatrix Features, bool Baseline, bool Concatenation, SufficientStatistics[] Train, SufficientStatistics[] Test)>();
        SufficientStatistics[] Stats(FeatureMatrix f, int[][] folds) =>
            folds.Select(rows => SufficientStatistics.Compute(f, all, weights, rows, settings.Threads)).ToArray();
        var members = settings.ConcatenationOf is { } names ? blocks.Where(b => names.Contains(b.Name)).ToList() : blocks.ToList();
        if (members.Count > 1 && settings.Concatenate)
        {
            var concatenation = FeatureMatrix.Concatenate(settings.ConcatenationName, members);
            var train = Stats(concatenation, trainFolds);
            var test = Stats(concatenation, testFolds);
            var offsets = new Dictionary<string, int>();
            int offset = 0;
            foreach (var member in members) { offsets[member.Name] = offset; offset += member.Columns; }
            foreach (var block in blocks)
            {
                if (offsets.TryGetValue(block.Name, out int o))
                    sets.Add((block, false, false, train.Select(s => s.SelectFeatures(o, block.Columns)).ToArray(),
                        test.Select(s => s.SelectFeatures(o, block.Columns)).ToArray()));
                else
                    sets.Add((block, false, false, Stats(block, trainFolds), Stats(block, testFolds)));
            }
            sets.Add((concatenation, false, true, train, test));
        }
        else
            foreach (var block in blocks) sets.Add((block, false, false, Stats(block, trainFolds), Stats(block, testFolds)));
        if (settings.Baselines)
        {
            var baselines = settings.MarkovOrders.Select(m => ProbeTargets.LastTokensOneHot(prefixes, m))
                .Append(ProbeTargets.NextTokenFeatures(prefixes));
            foreach (var b in baselines) sets.Add((b, true, false, Stats(b, trainFolds), Stats(b, testFolds)));
        }
        double effectiveTrainRows = EffectiveSampleSize(weights, split.Train);
        var results = new List<ProbeResult>();
        string? best = null;
        double bestR2 = double.NegativeInfinity;
        HeldOutPredictions? bestPredictions = null;
        foreach (var (features, baseline, isConcatenation, trainStats, testStats) in sets)
        {
            int p = features.Columns;
            bool ridge = settings.Ridge == RidgeMode.Always ||
                         (settings.Ridge == RidgeMode.Auto && (isConcatenation || 4 * p >= effectiveTrainRows));
            int groups = targets.Count * (settings.ShuffleControl ? 2 : 1);
            int GroupStart(int g) => (g >= targets.Count ? realWidth : 0) + targetOffsets[g % targets.Count];
            int GroupWidth(int g) => targets[g % targets.Count].Columns;

            // Penalty per target group (real and shuffled chosen separately, by the same procedure).
            var penalty = new double[groups];
            var ridgeR2 = new double?[groups][];
            if (ridge)
            {
                var sums = RidgeCv.CvSums(trainStats, grid, settings.Threads);
                for (int g = 0; g < groups; g++)
                    (penalty[g], ridgeR2[g]) = RidgeCv.Best(sums, grid, Enumerable.Range(GroupStart(g), GroupWidth(g)).ToArray());
            }

            var train = SufficientStatistics.Sum(trainStats);
            var test = SufficientStatistics.Sum(testStats);
            var fit = FitGroups(train, penalty, ridge, groups, GroupStart, GroupWidth);

            // k-fold CV over all prefixes: fold i = train fold i ∪ test fold i.
            var foldStats = trainStats.Zip(testStats, (a, b) => a.Add(b)).ToArray();
            var cvSse = new double[all.Columns];
            var cvSst = new double[all.Columns];
            double cvWeight = 0;
            var foldSse = new double[foldStats.Length][];
            Parallel.For(0, foldStats.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Threads) }, f =>
            {
                var rest = SufficientStatistics.Sum(foldStats.Where((_, i) => i != f));
                var foldFit = FitGroups(rest, penalty, ridge, groups, GroupStart, GroupWidth);
                foldSse[f] = new double[all.Columns];
                for (int g = 0; g < groups; g++)
                    foldFit[g].SumSquaredErrors(foldStats[f].SelectTargets(GroupStart(g), GroupWidth(g))).CopyTo(foldSse[f], GroupStart(g));
            });
            for (int f = 0; f < foldStats.Length; f++)
            {
                var sst = ProbeMetrics.TotalSumOfSquares(foldStats[f]);
                cvWeight += foldStats[f].WeightSum;
                for (int t = 0; t < all.Columns; t++) { cvSse[t] += foldSse[f][t]; cvSst[t] += sst[t]; }
            }

            for (int g = 0; g < targets.Count; g++)
            {
                var target = targets[g];
                var model = fit[g];
                var predicted = model.Predict(features, split.Test);
                var heldOut = ProbeMetrics.Score(target, predicted, weights, split.Test, lengths);
                var cv = ProbeMetrics.FromSums(cvSse.AsSpan(GroupStart(g), target.Columns), cvSst.AsSpan(GroupStart(g), target.Columns), cvWeight);
                double? shuffled = null;
                if (settings.ShuffleControl)
                {
                    int s = g + targets.Count;
                    var shuffledTest = test.SelectTargets(GroupStart(s), GroupWidth(s));
                    shuffled = ProbeMetrics.FromSums(fit[s].SumSquaredErrors(shuffledTest), ProbeMetrics.TotalSumOfSquares(shuffledTest), shuffledTest.WeightSum).R2;
                }
                results.Add(new ProbeResult(features.Name, p, baseline, target.Name, target.Columns, ridge ? "ridge_cv" : "wls",
                    ridge ? penalty[g] : null, model.PseudoInverse, model.Rank, split.Train.Length, split.Test.Length,
                    heldOut, cv, shuffled, ridge ? grid : null, ridge ? ridgeR2[g] : null));
                if (g == 0 && !baseline && (heldOut.R2 ?? double.NegativeInfinity) > bestR2)
                {
                    bestR2 = heldOut.R2 ?? double.NegativeInfinity;
                    best = features.Name;
                    var actual = new double[predicted.Length];
                    for (int r = 0; r < split.Test.Length; r++) target.Row(split.Test[r]).CopyTo(actual.AsSpan(r * target.Columns, target.Columns));
                    bestPredictions = new HeldOutPredictions(features.Name, target.Name, target.Columns, split.Test, predicted, actual);
                }
            }
        }
        return new ProbeAnalysis(settings, n, results, best, bestPredictions);
    }

    /// <summary>
    /// Kish's effective sample size (Σw)² / Σw² of the weighted rows: with prefix probabilities as weights a few short
    /// prefixes carry most of the weight (each length's weights sum to 1), so 17,714 Mess3 training rows count as a
    /// few dozen, and an unregularised 64-feature fit on them overfits.
    /// </summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> weights, ReadOnlySpan<int> rows)
    {
        double sum = 0, squares = 0;
        foreach (int r in rows) { sum += weights[r]; squares += weights[r] * weights[r]; }
        return squares > 0 ? sum * sum / squares : 0;
    }

    /// <summary>The fit of each target group from the same statistics (one Cholesky factorisation per distinct λ).</summary>
    private static LinearCoefficients[] FitGroups(SufficientStatistics stats, double[] penalty, bool ridge, int groups,
        Func<int, int> start, Func<int, int> width)
    {
        var problem = new StandardizedProblem(stats);
        var byPenalty = new Dictionary<double, LinearCoefficients>();
        var result = new LinearCoefficients[groups];
        for (int g = 0; g < groups; g++)
        {
            double lambda = ridge ? penalty[g] : 0;
            if (!byPenalty.TryGetValue(lambda, out var all))
                byPenalty[lambda] = all = problem.Solve(lambda, WeightedLeastSquares.DefaultRelativeCutoff);
            result[g] = Columns(all, start(g), width(g));
        }
        return result;
    }

    private static LinearCoefficients Columns(LinearCoefficients all, int start, int count)
    {
        int p = all.FeatureCount, d = all.TargetCount;
        var b = new double[p * count];
        for (int j = 0; j < p; j++)
            for (int t = 0; t < count; t++) b[j * count + t] = all.Coefficients[j * d + start + t];
        return new LinearCoefficients(p, count, b, all.Intercept.AsSpan(start, count).ToArray(), all.Penalty, all.PseudoInverse, all.Rank);
    }
}
