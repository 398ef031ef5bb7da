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
/// only XᵀWY and YᵀWY, so the beliefs and all shuffles are the target columns of one set of statistics (one Gram pass
/// per feature set), each CV fold's training normal equations are factored once and solved for every column, and
/// held-out errors come from the held-out pieces' statistics.</para>
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
    /// Each set's CV R² against the beliefs and every shuffle of <paramref name="targets"/>, in the order of
    /// <paramref name="sets"/>. A set's statistics come from one Gram pass, or as a sub-block of the set it lies within;
    /// one top-level set's statistics are held at a time.
    /// </summary>
    private static IReadOnlyList<SetFit> Fit(ProbeScorer scorer, IReadOnlyList<FeatureSet> sets, ShuffledBeliefs targets)
    {
        var fits = new SetFit[sets.Count];
        for (int top = 0; top < sets.Count; top++)
        {
            if (sets[top].Within is not null) continue;
            var stats = FoldStatistics.Compute(sets[top].Features, targets, scorer.Weights, scorer.Protocol, scorer.Settings.Threads);
            for (int i = 0; i < sets.Count; i++)
                if (i == top) fits[i] = Fit(scorer, sets[i], stats, targets);
                else if (ReferenceEquals(sets[i].Within, sets[top])) fits[i] = Fit(scorer, sets[i], stats.SelectFeatures(sets[i].ColumnOffset, sets[i].Width), targets);
        }
        return fits;
    }

    private static SetFit Fit(ProbeScorer scorer, FeatureSet set, FoldStatistics stats, ShuffledBeliefs targets)
    {
        var settings = scorer.Settings;
        var beliefs = new ColumnRange(0, targets.States);
        bool ridge = scorer.UsesRidge(set);
        double penalty = ridge
            ? RidgeCv.ChoosePenalties([.. stats.Train.Select(s => s.SelectTargets(beliefs))], settings.RidgeGrid ?? RidgeCv.DefaultGrid, [beliefs], settings.Threads)[0].Penalty
            : 0;
        var (sse, sst, weight) = ProbeScorer.CrossValidate(stats, [new ColumnRange(0, targets.Columns)], [penalty], settings.Threads);
        double? R2(ColumnRange c) => ProbeMetrics.FromSums(sse.AsSpan(c.Start, c.Count), sst.AsSpan(c.Start, c.Count), weight).R2;
        return new SetFit(ridge ? "ridge_cv" : "wls", ridge ? penalty : null, R2(beliefs),
            ShuffleDistribution.Of([.. Enumerable.Range(0, targets.Shuffles).Select(s => R2(targets.Shuffle(s)))]));
    }
}
