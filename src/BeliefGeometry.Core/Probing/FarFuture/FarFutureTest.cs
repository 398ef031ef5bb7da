using System.Diagnostics;
using BeliefGeometry.Data;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// The geometric shuffle test: do a model's activations carry the part of the belief the next token does not see?
/// (docs/design.md section 2.6.) Each belief η splits into P_col η, which fixes the next-token distribution, and
/// P_null η in null(Eᵀ), which does not (<see cref="NextTokenSubspace"/>). The null part is shuffled across the prefixes
/// of each length (<see cref="SystematicResampling"/>, <see cref="ShuffledBeliefs"/>) and every feature set is scored by
/// k-fold CV R² against the beliefs and against each shuffle; the p-value says how often a shuffle scored as well as the
/// beliefs (<see cref="ShuffleDistribution.PValue"/>).
/// <para>The folds, the estimator and its penalty are the probe's (<see cref="ProbeProtocol"/>, <see cref="ProbeScorer"/>):
/// fold i = train fold i ∪ test fold i, ridge λ chosen on the real beliefs within the training rows and kept for every
/// shuffle, so every shuffle is scored alike and R²(activations → beliefs) is the probe's CV R². A shuffle changes
/// only XᵀWY and YᵀWY, so a batch of shuffles is a batch of target columns beside the beliefs in one set of
/// statistics (one Gram pass per feature set and batch); each CV fold's training normal equations are factored once
/// per batch and solved for all its columns, and held-out errors come from the held-out pieces' statistics.</para>
/// </summary>
public static class FarFutureTest
{
    public const int DefaultShuffles = 200;

    private const ulong ShuffleSalt = 0xD1B54A32D192ED03UL;

    /// <summary>
    /// The test for the model's activations <paramref name="blocks"/> (one row per prefix of <paramref name="prefixes"/>,
    /// with their concatenation as <paramref name="settings"/> defines it) and, when given, the same hook points of the
    /// untrained model (<paramref name="untrained"/>, matched by name).
    /// </summary>
    public static FarFutureResult Run(IReadOnlyList<FeatureMatrix> blocks, PrefixSet prefixes, ProbeSettings settings,
        IReadOnlyList<FeatureMatrix>? untrained = null, int shuffles = DefaultShuffles)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(shuffles, 1);
        var clock = Stopwatch.StartNew();
        var subspace = new NextTokenSubspace(prefixes.Process);
        int states = prefixes.StateCount, n = prefixes.Count;
        if (subspace.SeesEverything)
            return new FarFutureResult(0, subspace.Rank, states, n, 0, settings.Folds, settings.Seed, null, null, null, [], clock.Elapsed.TotalSeconds);
        double r = ProcessTheory.Compute(prefixes.Process, new TheoryOptions(Depth: Math.Max(1, prefixes.MaxLength))).FarFutureFraction ?? 0;

        var lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = prefixes.Length(i);
        var weights = prefixes.Probabilities.ToArray();
        var scorer = new ProbeScorer(new ProbeTargetSet([ProbeTargets.Belief(prefixes)]), ProbeProtocol.Create(n, settings, lengths), weights, lengths, settings);
        var donors = Enumerable.Range(0, shuffles).Select(s => SystematicResampling.Donors(lengths, weights, ShuffleSeed(settings.Seed, s))).ToArray();
        var targets = new ShuffledBeliefs(prefixes, subspace, donors);
        var beliefsOnly = new ShuffledBeliefs(prefixes, subspace, []);

        var modelSettings = settings with { Baselines = false, RandomNull = false };
        var sets = ProbeFeatureSets.Create(blocks, prefixes, modelSettings);
        var fits = Fit(scorer, sets, targets);
        var untrainedSets = untrained is null ? [] : ProbeFeatureSets.Create(untrained, prefixes, modelSettings);
        var untrainedR2 = untrainedSets.Zip(Fit(scorer, untrainedSets, beliefsOnly)).ToDictionary(p => p.First.Name, p => p.Second.R2);
        var next = Fit(scorer, [new FeatureSet(ProbeTargets.NextTokenFeatures(prefixes), FeatureSetKind.Baseline)], targets)[0];
        var belief = Fit(scorer, [new FeatureSet(BeliefFeatures(prefixes), FeatureSetKind.Baseline)], targets)[0];

        var scores = sets.Zip(fits, (set, fit) => new FarFutureScore(set.Name, set.Width, set.Kind == FeatureSetKind.Concatenation, fit.Method,
            fit.Penalty, fit.R2, fit.Shuffled, untrainedR2.GetValueOrDefault(set.Name), fit.Shuffled.PValue(fit.R2))).ToList();
        return new FarFutureResult(r, subspace.Rank, states, n, shuffles, settings.Folds, settings.Seed, next.R2, next.Shuffled, belief.Shuffled,
            scores, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seed of shuffle s: apart from the probe's split, fold and control seeds.</summary>
    public static ulong ShuffleSeed(ulong seed, int s) => (seed ^ ShuffleSalt) + 0x9E3779B97F4A7C15UL * (ulong)(s + 1);

    /// <summary>The beliefs as float32 features (for R²(beliefs → shuffled beliefs)).</summary>
    private static FeatureMatrix BeliefFeatures(PrefixSet prefixes)
    {
        var beliefs = prefixes.Beliefs;
        var values = new float[beliefs.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)beliefs[i];
        return new FeatureMatrix(ProbeTargetSet.BeliefName, values, prefixes.StateCount);
    }

    private sealed record SetFit(string Method, double? Penalty, double? R2, ShuffleDistribution Shuffled);

    /// <summary>
    /// Shuffles per batch for features <paramref name="width"/> wide: targets about half as wide as the features, at
    /// least 16 shuffles. A batch's statistics take 2k pieces of (p + 1 + d)² values whatever the number of shuffles,
    /// about twice the probe's own; a Gram pass costs n(p + 1 + d)²/2 and a fold's solve p³/3 + p²d, so over N shuffles
    /// the work is within a few tens of percent of its least (at d ≈ p).
    /// </summary>
    private static int ShufflesPerBatch(int width, ShuffledBeliefs targets) =>
        Math.Clamp(width / (2 * targets.States), 16, Math.Max(16, targets.Shuffles));

    /// <summary>
    /// Each set's CV R² against the beliefs and every shuffle of <paramref name="targets"/>, in the order of
    /// <paramref name="sets"/>. The shuffles go in batches (<see cref="ShufflesPerBatch"/>); a batch's statistics come
    /// from one Gram pass per top-level set and serve the sets within it as sub-blocks. λ is chosen on the beliefs of
    /// the first batch and kept.
    /// </summary>
    private static IReadOnlyList<SetFit> Fit(ProbeScorer scorer, IReadOnlyList<FeatureSet> sets, ShuffledBeliefs targets)
    {
        var fits = new SetFit[sets.Count];
        for (int top = 0; top < sets.Count; top++)
        {
            if (sets[top].Within is not null) continue;
            var members = Enumerable.Range(0, sets.Count).Where(i => i == top || ReferenceEquals(sets[i].Within, sets[top])).ToArray();
            var penalties = new double?[sets.Count];
            var beliefR2 = new double?[sets.Count];
            var shuffled = members.ToDictionary(i => i, _ => new double?[targets.Shuffles]);
            int batch = ShufflesPerBatch(sets[top].Width, targets);
            for (int first = 0; first == 0 || first < targets.Shuffles; first += batch)
            {
                int count = Math.Min(batch, targets.Shuffles - first);
                var stats = FoldStatistics.Compute(sets[top].Features, targets.Batch(first, count), scorer.Weights, scorer.Protocol, scorer.Settings.Threads);
                foreach (int i in members)
                {
                    var own = i == top ? stats : stats.SelectFeatures(sets[i].ColumnOffset, sets[i].Width);
                    if (first == 0) penalties[i] = Penalty(scorer, sets[i], own, targets.Beliefs);
                    var r2 = CrossValidatedR2(scorer, own, penalties[i] ?? 0, [targets.Beliefs, .. Enumerable.Range(0, count).Select(targets.InBatch)]);
                    if (first == 0) beliefR2[i] = r2[0];
                    r2[1..].CopyTo(shuffled[i], first);
                }
            }
            foreach (int i in members)
                fits[i] = new SetFit(penalties[i] is null ? "wls" : "ridge_cv", penalties[i], beliefR2[i], ShuffleDistribution.Of(shuffled[i]));
        }
        return fits;
    }

    /// <summary>The probe's ridge λ for <paramref name="set"/> (<see cref="RidgeCv"/> on the training pieces' beliefs), or null for least squares.</summary>
    private static double? Penalty(ProbeScorer scorer, FeatureSet set, FoldStatistics stats, ColumnRange beliefs) =>
        scorer.UsesRidge(set)
            ? RidgeCv.ChoosePenalties([.. stats.Train.Select(s => s.SelectTargets(beliefs))], scorer.Settings.RidgeGrid ?? RidgeCv.DefaultGrid,
                [beliefs], scorer.Settings.Threads)[0].Penalty
            : null;

    /// <summary>Pooled k-fold CV R² of each column range, from one factorisation per fold solved for every column.</summary>
    private static double?[] CrossValidatedR2(ProbeScorer scorer, FoldStatistics stats, double penalty, IReadOnlyList<ColumnRange> ranges)
    {
        var (sse, sst, weight) = ProbeScorer.CrossValidate(stats, [new ColumnRange(0, stats.Train[0].TargetCount)], [penalty], scorer.Settings.Threads);
        return [.. ranges.Select(c => ProbeMetrics.FromSums(sse.AsSpan(c.Start, c.Count), sst.AsSpan(c.Start, c.Count), weight).R2)];
    }
}
