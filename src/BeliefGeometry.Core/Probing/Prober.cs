using BeliefGeometry.Data;

namespace BeliefGeometry.Probing;

/// <summary>
/// The probe analysis of a run: for every feature block (hook name → float32 activations, one row per prefix of
/// <see cref="PrefixSet"/>), optionally their concatenation, and the baseline features
/// (<see cref="ProbeFeatureSets"/>), fit every target — belief η, next-k-token distributions, Markov-m beliefs
/// (<see cref="ProbeTargetSet"/>) — and report held-out, k-fold CV and shuffled-control metrics
/// (<see cref="ProbeScorer"/>, one feature set at a time), and the best belief probe (<see cref="BestProbe"/>).
/// <para>Protocol (<see cref="ProbeProtocol"/>): one seeded train/test split (default 20%/80%); the training rows are
/// cut into k folds (the ridge CV) and so are the test rows; k-fold CV over all prefixes uses fold i = train fold i ∪
/// test fold i. So one pass of the Gram kernel per fold gives every statistic, and each block's statistics are a
/// sub-block of the concatenation's.</para>
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
        var lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = prefixes.Length(i);
        var weights = settings.Rows == RowWeighting.SequenceCount ? prefixes.WordCounts() : prefixes.Probabilities.ToArray();
        var scorer = new ProbeScorer(ProbeTargetSet.Create(prefixes, settings), ProbeProtocol.Create(n, settings, lengths),
            weights, lengths, settings, ProbeTargets.NextToken(prefixes));

        // A concatenation's statistics are computed once and serve its member blocks as sub-blocks (views).
        var sets = ProbeFeatureSets.Create(blocks, prefixes, settings);
        var shared = new Dictionary<FeatureSet, FoldStatistics>(ReferenceEqualityComparer.Instance);
        foreach (var set in sets.Where(s => s.Within is null && sets.Any(m => ReferenceEquals(m.Within, s))))
            shared[set] = scorer.Statistics(set.Features);
        var results = new List<ProbeResult>();
        foreach (var set in sets)
        {
            var stats = set.Within is { } within ? shared[within].SelectFeatures(set.ColumnOffset, set.Width)
                : shared.TryGetValue(set, out var own) ? own : scorer.Statistics(set.Features);
            results.AddRange(scorer.Score(set, stats));
        }

        // The held-out R² on further splits, at the settings' training fraction and at the sweep's: one refit per
        // fraction, the settings' own shared by the spread and the sweep.
        var spreads = new Dictionary<double, Dictionary<string, double?[]>>();
        Dictionary<string, double?[]> SpreadAt(double fraction) => spreads.TryGetValue(fraction, out var known) ? known
            : spreads[fraction] = SplitSpread.Compute(sets, results, scorer.Targets.Targets[0], scorer.Weights, lengths,
                settings with { SplitSeeds = Math.Max(1, settings.SplitSeeds) }, fraction);
        if (settings.SplitSeeds > 0)
        {
            var spread = SpreadAt(settings.TrainFraction);
            for (int i = 0; i < results.Count; i++)
                if (results[i].Target == ProbeTargetSet.BeliefName && spread.TryGetValue(results[i].Features, out var r2))
                    results[i] = results[i] with { HeldOutR2OverSplits = r2 };
        }
        if (settings.TrainFractionSweep.Count > 0)
        {
            // The same probes fitted on a larger share of the prefixes: how much the held-out score is limited by the rows it learns from.
            var sweep = settings.TrainFractionSweep.Select(f => (Fraction: f, Spread: SpreadAt(f))).ToList();
            for (int i = 0; i < results.Count; i++)
                if (results[i].Target == ProbeTargetSet.BeliefName && sweep[0].Spread.ContainsKey(results[i].Features))
                    results[i] = results[i] with
                    {
                        HeldOutR2ByTrainFraction = [.. sweep.Select(s => new TrainFractionScore(s.Fraction, s.Spread[results[i].Features]))],
                    };
        }

        var best = BestProbe.Choose(results);
        var predictions = best is null ? null : scorer.HeldOutPredictions(best, sets.First(s => !s.Baseline && s.Name == best.Features).Features);
        var names = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var set in sets) names.TryAdd(set.Name, set.Blocks);
        return new ProbeAnalysis(settings, n, results, best?.Features, predictions, names);
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
}
