namespace BeliefGeometry.Probing;

/// <summary>
/// How much a held-out score owes to the one split it was measured on: the belief probe of every feature set (but the
/// random nulls) refitted
/// and rescored on <see cref="ProbeSettings.SplitSeeds"/> further seeded splits (stratified by prefix length like the
/// main one), each with the estimator and λ the main split chose (so no ridge CV per split). A concatenation's
/// statistics serve its member blocks as sub-blocks here too; one Gram pass over each split's training rows per
/// top-level set, and one pass over its test rows for the predictions.
/// </summary>
public static class SplitSpread
{
    /// <summary>Mean and sample standard deviation of the finite values (sd 0 for one value); null when there are none.</summary>
    public static (double Mean, double Sd)? MeanAndSd(IReadOnlyList<double?>? values)
    {
        var v = values?.OfType<double>().Where(double.IsFinite).ToArray() ?? [];
        if (v.Length == 0) return null;
        double mean = v.Average();
        return (mean, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0);
    }

    /// <summary>Seed of extra split k = 1…K: far from the main split's seed s and its fold seeds s + 1, s + 2.</summary>
    public static ulong SplitSeed(ulong seed, int k) => seed + 0x9E3779B97F4A7C15UL * (ulong)k;

    /// <summary>
    /// The held-out belief R² of each result of <paramref name="results"/> with target belief, one per extra split, by
    /// feature-set name; the splits fit on <paramref name="trainFraction"/> of the rows (the settings' when null).
    /// </summary>
    internal static Dictionary<string, double?[]> Compute(IReadOnlyList<FeatureSet> sets, IReadOnlyList<ProbeResult> results, TargetMatrix belief,
        double[] weights, int[] lengths, ProbeSettings settings, double? trainFraction = null)
    {
        int splits = settings.SplitSeeds;
        var byName = results.Where(r => r.Target == ProbeTargetSet.BeliefName).ToDictionary(r => r.Features);
        // The random nulls are left out: generating their features again for every split costs more than all the rest.
        var scores = sets.Where(s => !s.RandomNull && byName.ContainsKey(s.Name)).ToDictionary(s => s.Name, _ => new double?[splits]);
        for (int k = 0; k < splits; k++)
        {
            var split = Splitters.TrainTest(lengths, trainFraction ?? settings.TrainFraction, SplitSeed(settings.Seed, k + 1));
            var reference = new ProbeMetrics.ScoreReference(belief, weights, split.Test, lengths);
            var shared = new Dictionary<FeatureSet, SufficientStatistics>(ReferenceEqualityComparer.Instance);
            foreach (var set in sets.Where(s => scores.ContainsKey(s.Name)))
            {
                var top = set.Within ?? set;
                if (!shared.TryGetValue(top, out var stats))
                    shared[top] = stats = SufficientStatistics.Compute(top.Features, belief, weights, split.Train, settings.Threads);
                if (set.Within is not null) stats = stats.SelectFeatures(set.ColumnOffset, set.Width);
                var model = WeightedLeastSquares.Fit(stats, byName[set.Name].Penalty ?? 0);
                scores[set.Name][k] = ProbeMetrics.Score([model], set.Features, [reference], split.Test)[0].R2;
            }
        }
        return scores;
    }
}
