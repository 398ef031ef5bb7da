using BeliefGeometry.Data;
using BeliefGeometry.Probing;
using BeliefGeometry.Probing.FarFuture;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Probing.FarFuture;

/// <summary>
/// The geometric shuffle test: shuffles move only the part of the belief the next token cannot see and keep its
/// weighted distribution per length; the beliefs explain 1 − r of the shuffled beliefs; the fast path (every shuffle a
/// column of one set of statistics) is a plain refit per shuffle; the p-value tells features that carry the far-future
/// part from features that do not; Mess3 has nothing to test.
/// </summary>
public class FarFutureTestTests
{
    private static PrefixSet Prefixes(HiddenMarkovProcess process, int contextLength) =>
        PrefixSet.Enumerate(process, new SequenceLayout(contextLength, process.TokenCount));

    private static int[] Lengths(PrefixSet prefixes) => [.. Enumerable.Range(0, prefixes.Count).Select(prefixes.Length)];

    private static FeatureMatrix AsFeatures(string name, TargetMatrix values) =>
        new(name, [.. values.Values.Select(v => (float)v)], values.Columns);

    [Fact]
    public void AShuffleKeepsEveryNextTokenDistributionAndMovesOnlyTheNullPart()
    {
        var process = ProcessCatalog.Resolve("rrxor");
        var prefixes = Prefixes(process, 8);
        var subspace = new NextTokenSubspace(process);
        var lengths = Lengths(prefixes);
        var weights = prefixes.Probabilities.ToArray();
        var donors = Enumerable.Range(0, 4).Select(s => SystematicResampling.Donors(lengths, weights, (ulong)s)).ToArray();
        var targets = new ShuffledBeliefs(prefixes, subspace, donors);
        int n = prefixes.Count, states = prefixes.StateCount, moved = 0;
        for (int s = 0; s < donors.Length; s++)
        {
            var shuffled = targets.Shuffled(s);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(prefixes.Length(i), prefixes.Length(donors[s][i]));
                var delta = new double[states];
                for (int t = 0; t < states; t++) delta[t] = shuffled.Row(i)[t] - prefixes.Belief(i)[t];
                // η' − η = P_null(η_d − η): it changes no next-token probability (δE = 0) and lies wholly in null(Eᵀ).
                TestSupport.AssertNextTokenBlind(process, delta);
                var beyond = new double[states];
                subspace.Beyond(delta, beyond);
                for (int t = 0; t < states; t++) Assert.Equal(delta[t], beyond[t], 12);
                if (delta.Any(d => Math.Abs(d) > 1e-9)) moved++;
            }
        }
        Assert.True(moved > n, $"only {moved} of {donors.Length} × {n} shuffled beliefs differ from their belief");
    }

    [Fact]
    public void EachDonorGivesOutItsOwnWeightUpToOnePrefixAndExactlyOnAverage()
    {
        // Every RRXOR prefix length (unequal weights within a length), and random strata with random weights.
        var prefixes = Prefixes(ProcessCatalog.Resolve("rrxor"), 7);
        var rng = new Xoshiro256StarStar(5);
        var randomStrata = Enumerable.Range(0, 60).Select(_ => (int)(rng.NextUInt64() % 4)).ToArray();
        foreach (var (strata, weights) in new[] { (Lengths(prefixes), prefixes.Probabilities.ToArray()), (randomStrata, ProbeTestSupport.RandomWeights(60, 9)) })
        {
            int n = strata.Length;
            var largest = strata.Distinct().ToDictionary(l => l, l => Enumerable.Range(0, n).Where(i => strata[i] == l).Max(i => weights[i]));
            const int Draws = 400;
            var meanGiven = new double[n];
            for (int draw = 0; draw < Draws; draw++)
            {
                var donors = SystematicResampling.Donors(strata, weights, (ulong)draw);
                var given = new double[n];
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(strata[i], strata[donors[i]]);
                    given[donors[i]] += weights[i];
                }
                // The recipients' intervals shifted by u tile [0, W), so donor j's interval is covered up to one recipient at each end.
                for (int j = 0; j < n; j++)
                {
                    Assert.True(Math.Abs(given[j] - weights[j]) < largest[strata[j]], $"donor {j} gave {given[j]} for its weight {weights[j]}");
                    meanGiven[j] += given[j] / Draws;
                }
            }
            // Unbiased: E[given_j] = Σ_i w_i · w_j/W = w_j; each draw is within ±w_max, so the mean of 400 is within 5 w_max/√400.
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(meanGiven[j] - weights[j]) < 5 * largest[strata[j]] / Math.Sqrt(Draws),
                $"donor {j}: mean given {meanGiven[j]}, weight {weights[j]}");
        }
    }

    [Fact]
    public void WithEqualWeightsAShuffleIsAUniformPermutationOfEachStratum()
    {
        int[] strata = [0, 0, 0, 1, 1, 1, 1, 1, 2];
        var weights = strata.Select(s => 1.0 / strata.Count(t => t == s)).ToArray();
        var seen = new HashSet<string>();
        for (ulong seed = 0; seed < 600; seed++)
        {
            var donors = SystematicResampling.Donors(strata, weights, seed);
            Assert.Equal(Enumerable.Range(0, strata.Length), donors.Order());
            seen.Add(string.Join(",", donors[..3]));
        }
        Assert.Equal(6, seen.Count); // all 3! orders of the first stratum occur
    }

    [Fact]
    public void TheBeliefsExplainOneMinusROfTheShuffledBeliefs()
    {
        // The period-3 process: 3 equally likely prefixes per length, so every shuffle permutes them, and n_eff = n.
        const int Context = 300;
        var prefixes = Prefixes(TestSupport.Period3(), Context);
        var result = FarFutureTest.Run([], prefixes, new ProbeSettings { Concatenate = false });

        double r = ProcessTheory.Compute(TestSupport.Period3(), new TheoryOptions(Depth: Context)).FarFutureFraction!.Value;
        Assert.Equal(r, result.FarFutureFraction, 12);
        Assert.Equal(0.5, r, 2);
        var shuffled = result.BeliefShuffledR2!;
        Assert.Equal(FarFutureTest.DefaultShuffles, shuffled.Values.Count);
        // With the null part shuffled it is independent of the beliefs, which then predict exactly the next-token part:
        // 1 − r of the variance. The k-fold CV estimate falls short of that by the fit's finite-sample loss: about
        // (1 − R²)·((p + 1)·k/((k − 1)·n) + k/n) for p = 3 features, k = 5 folds (fitted on (k − 1)/k of the rows; the
        // held-out fold's variance taken about its own mean) — 0.0056 at n = 898 — and may exceed it only by Monte
        // Carlo error, 3 sd/√N over N shuffles.
        int n = prefixes.Count, k = result.Folds, p = prefixes.StateCount;
        double loss = r * ((p + 1.0) * k / ((k - 1.0) * n) + (double)k / n), noise = 3 * shuffled.Sd / Math.Sqrt(shuffled.Values.Count);
        double gap = shuffled.Mean - (1 - r);
        Assert.True(gap > -loss - noise && gap < noise, $"R²(beliefs → shuffled) = {shuffled.Mean} against 1 − r = {1 - r}: gap {gap}, allowed ({-loss - noise}, {noise})");
    }

    [Theory]
    [InlineData(RidgeMode.Never)]
    [InlineData(RidgeMode.Always)]
    public void TheFastPathIsAPlainRefitOfEveryShuffle(RidgeMode ridge)
    {
        var process = ProcessCatalog.Resolve("rrxor");
        var prefixes = Prefixes(process, 6);
        int n = prefixes.Count;
        // Features: noisy beliefs (they carry some of the null part) beside a block of noise, and their concatenation.
        var rng = new Xoshiro256StarStar(11);
        var noisy = AsFeatures("noisy", new TargetMatrix("noisy", [.. prefixes.Beliefs.ToArray().Select(b => b + 0.2 * (rng.NextDouble() - 0.5))], prefixes.StateCount));
        var noise = ProbeTestSupport.RandomFeatures(n, 3, 12, "noise");
        var settings = new ProbeSettings { Seed = 4, Ridge = ridge, ConcatenationName = "both", Threads = 1 };
        const int Shuffles = 40; // three batches of the 5-wide features' statistics (16, 16 and 8 shuffles)
        var result = FarFutureTest.Run([noisy, noise], prefixes, settings, shuffles: Shuffles);
        Assert.Equal(["noisy", "noise", "both"], result.FeatureSets.Select(s => s.Features));

        // The probe's own k-fold CV R² of the beliefs, with the same penalty.
        var probe = Prober.Run([noisy, noise], prefixes, settings with { SplitSeeds = 0, RandomNull = false, Baselines = false });
        var lengths = Lengths(prefixes);
        var weights = prefixes.Probabilities.ToArray();
        var protocol = ProbeProtocol.Create(n, settings, lengths);
        var donors = Enumerable.Range(0, Shuffles).Select(s => SystematicResampling.Donors(lengths, weights, FarFutureTest.ShuffleSeed(settings.Seed, s))).ToArray();
        var targets = new ShuffledBeliefs(prefixes, new NextTokenSubspace(process), donors);
        var features = new Dictionary<string, FeatureMatrix> { ["noisy"] = noisy, ["noise"] = noise, ["both"] = FeatureMatrix.Concatenate("both", [noisy, noise]) };
        foreach (var score in result.FeatureSets)
        {
            var fromProbe = probe.Results.Single(r => r.Features == score.Features && r.Target == ProbeTargetSet.BeliefName);
            Assert.Equal(fromProbe.Penalty, score.Penalty);
            Assert.Equal(fromProbe.CrossValidation!.R2!.Value, score.R2!.Value, 12);
            Assert.Equal(ridge == RidgeMode.Always, score.Penalty is not null);

            // Each shuffle materialised, refitted on every CV fold's training rows and scored on its held-out rows by plain loops.
            for (int s = 0; s < Shuffles; s++)
            {
                var y = targets.Shuffled(s);
                double sse = 0, sst = 0;
                for (int f = 0; f < protocol.Folds; f++)
                {
                    var held = protocol.TrainFolds[f].Concat(protocol.TestFolds[f]).Order().ToArray();
                    var train = Enumerable.Range(0, n).Except(held).ToArray();
                    var model = new WeightedLinearProbe(score.Penalty ?? 0).Fit(features[score.Features], y, weights, train).Model!;
                    var predicted = model.Predict(features[score.Features], held);
                    double sw = held.Sum(i => weights[i]);
                    for (int t = 0; t < y.Columns; t++)
                    {
                        double mean = held.Sum(i => weights[i] * y.Row(i)[t]) / sw;
                        for (int k = 0; k < held.Length; k++)
                        {
                            double e = y.Row(held[k])[t] - predicted[k * y.Columns + t], c = y.Row(held[k])[t] - mean;
                            sse += weights[held[k]] * e * e;
                            sst += weights[held[k]] * c * c;
                        }
                    }
                }
                Assert.Equal(1 - sse / sst, score.ShuffledR2.Values[s]!.Value, 9);
            }
        }
    }

    [Fact]
    public void ThePValueIsSmallForFeaturesThatCarryTheNullPartAndLargeForTheNextTokenAlone()
    {
        var prefixes = Prefixes(ProcessCatalog.Resolve("rrxor"), 8);
        var beliefs = AsFeatures("beliefs", ProbeTargets.Belief(prefixes));
        var next = ProbeTargets.NextTokenFeatures(prefixes);
        var result = FarFutureTest.Run([beliefs, next], prefixes, new ProbeSettings { Concatenate = false, Seed = 3 });

        var fromBeliefs = result.FeatureSets.Single(s => s.Features == "beliefs");
        var fromNext = result.FeatureSets.Single(s => s.Features == next.Name);
        // The beliefs explain themselves (R² 1) and no shuffle comes near: p is its least, 1/(N + 1).
        Assert.Equal(1.0, fromBeliefs.R2!.Value, 6);
        Assert.True(fromBeliefs.ShuffledR2.Q95 < 0.5, $"shuffled R² up to {fromBeliefs.ShuffledR2.Q95}");
        Assert.Equal(1.0 / (FarFutureTest.DefaultShuffles + 1), fromBeliefs.PValue, 12);
        // The next-token distribution sees only the part that stays in place: the shuffles score as well as the beliefs.
        Assert.True(fromNext.PValue > 0.2, $"p = {fromNext.PValue}: R² {fromNext.R2} against shuffled {fromNext.ShuffledR2.Mean} ± {fromNext.ShuffledR2.Sd}");
        Assert.Equal(result.NextTokenR2, fromNext.R2);
        Assert.Equal(result.NextTokenShuffledR2!.Values, fromNext.ShuffledR2.Values);
    }

    [Fact]
    public void Mess3HasNothingBeyondTheNextTokenToTest()
    {
        var prefixes = Prefixes(ProcessCatalog.Resolve("mess3"), 4);
        var result = FarFutureTest.Run([AsFeatures("beliefs", ProbeTargets.Belief(prefixes))], prefixes, new ProbeSettings());
        Assert.Equal(0, result.FarFutureFraction);
        Assert.Equal(3, result.NextTokenRank);
        Assert.Equal(3, result.States);
        Assert.Equal(0, result.Shuffles);
        Assert.Empty(result.FeatureSets);
        Assert.Null(result.BeliefShuffledR2);
    }
}
