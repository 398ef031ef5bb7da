using BeliefGeometry.Probing;
using static BeliefGeometry.Tests.Probing.ProbeTestSupport;

namespace BeliefGeometry.Tests.Probing;

/// <summary>The pieces <see cref="Prober"/> is composed of: targets, fold statistics, the scoring of one feature set, the best-probe choice.</summary>
public class ProbePiecesTests
{
    private static ProbeSettings Settings(RidgeMode ridge = RidgeMode.Never) => new() { Seed = 4, Folds = 3, Ridge = ridge, Threads = 1 };

    [Fact]
    public void RandomFeaturesAreFixedPerRowUnitVarianceAndPackedLikeStoredOnes()
    {
        int n = 500;
        var random = FeatureMatrix.Random("random_11", n, 11, seed: 7);
        var stored = new FeatureMatrix("stored", random.ToArray(), 11);
        Assert.Equal(random.ToArray(), FeatureMatrix.Random("again", n, 11, seed: 7).ToArray());
        Assert.NotEqual(random.ToArray(), FeatureMatrix.Random("other", n, 11, seed: 8).ToArray());
        var values = random.ToArray();
        Assert.InRange(values.Average(v => (double)v), -0.05, 0.05);
        Assert.InRange(values.Average(v => (double)v * v), 0.9, 1.1);
        Assert.All(values, v => Assert.InRange(v, -Math.Sqrt(3), Math.Sqrt(3)));
        var w = RandomWeights(n, seed: 9);
        var y = new TargetMatrix("y", RandomFeatures(n, 2, seed: 10).ToArray().Select(v => (double)v).ToArray(), 2);
        var rows = Enumerable.Range(0, n).Where(i => i % 3 != 0).ToArray();
        var naive = NaiveGram(stored, y, w, rows);
        var generated = SufficientStatistics.Compute(random, y, w, rows, threads: 2).Gram;
        for (int i = 0; i < naive.Length; i++) Assert.Equal(naive[i], generated[i], 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryPieceFromOneSweepMatchesPlainLoopsOverItsRows(int threads)
    {
        // Two blocks (one not a whole number of panels wide), targets through a permutation, pieces of very different
        // sizes (the test pieces over one packed block of rows): the one-sweep statistics of each piece against the naive Gram.
        int n = 700;
        var x = FeatureMatrix.Concatenate("x", [RandomFeatures(n, 8, seed: 21), RandomFeatures(n, 5, seed: 22)]);
        var w = RandomWeights(n, seed: 23);
        var y = new TargetMatrix("y", RandomFeatures(n, 3, seed: 24).ToArray().Select(v => (double)v).ToArray(), 3);
        var permutation = Splitters.Permutation(n, 25);
        var targets = new ProbeTargetSet([y], permutation);
        var copy = TargetMatrix.Concatenate("all", [y, y.PermuteRows("shuffled", permutation)]);
        var protocol = ProbeProtocol.Create(n, Settings());
        var stats = FoldStatistics.Compute(x, targets, w, protocol, threads);
        foreach (var (piece, rows) in stats.Train.Zip(protocol.TrainFolds).Concat(stats.Test.Zip(protocol.TestFolds)))
        {
            var naive = NaiveGram(x, copy, w, rows);
            var gram = piece.Gram;
            Assert.Equal(naive.Length, gram.Length);
            for (int i = 0; i < naive.Length; i++) Assert.Equal(naive[i], gram[i], 1e-12);
        }
        // Sums of pieces (same padded layout) equal the statistics of their rows computed directly.
        var direct = SufficientStatistics.Compute(x, copy, w, protocol.Split.Train, threads: 1);
        var summed = stats.TrainTotal();
        for (int i = 0; i < direct.Gram.Length; i++) Assert.Equal(direct.Gram[i], summed.Gram[i], 1e-12);
    }

    [Fact]
    public void ShuffledTargetsReadThroughThePermutationGiveTheStatisticsOfAPermutedCopy()
    {
        int n = 257;
        var x = RandomFeatures(n, 4, seed: 1);
        var w = RandomWeights(n, seed: 2);
        var a = new TargetMatrix("a", RandomFeatures(n, 2, seed: 3).ToArray().Select(v => (double)v).ToArray(), 2);
        var b = new TargetMatrix("b", RandomFeatures(n, 3, seed: 4).ToArray().Select(v => (double)v).ToArray(), 3);
        var permutation = Splitters.Permutation(n, 5);
        var targets = new ProbeTargetSet([a, b], permutation);
        Assert.Equal(10, targets.Columns);
        Assert.Equal(new ColumnRange(2, 3), targets.Real(1));
        Assert.Equal(new ColumnRange(7, 3), targets.Shuffled(1));

        var real = TargetMatrix.Concatenate("ab", [a, b]);
        var copy = TargetMatrix.Concatenate("all", [real, real.PermuteRows("shuffled", permutation)]);
        var rows = Enumerable.Range(0, n).Where(i => i % 4 != 1).ToArray();
        var viaPermutation = SufficientStatistics.Compute(x, targets, w, rows, threads: 1);
        var viaCopy = SufficientStatistics.Compute(x, copy, w, rows, threads: 2);
        var naive = NaiveGram(x, copy, w, rows);
        for (int i = 0; i < naive.Length; i++)
        {
            Assert.Equal(naive[i], viaPermutation.Gram[i], 1e-12);
            Assert.Equal(viaCopy.Gram[i], viaPermutation.Gram[i], 1e-12);
        }
    }

    [Fact]
    public void BlockStatisticsAreViewsOfTheConcatenationsAndEqualTheDirectOnes()
    {
        int n = 300;
        var first = RandomFeatures(n, 3, seed: 6, name: "first");
        var second = RandomFeatures(n, 5, seed: 7, name: "second");
        var w = RandomWeights(n, seed: 8);
        var targets = new ProbeTargetSet([new TargetMatrix("y", RandomFeatures(n, 2, seed: 9).ToArray().Select(v => (double)v).ToArray(), 2)],
            Splitters.Permutation(n, 10));
        var protocol = ProbeProtocol.Create(n, Settings());
        var both = FoldStatistics.Compute(FeatureMatrix.Concatenate("both", [first, second]), targets, w, protocol, threads: 2);
        var view = both.SelectFeatures(3, 5);
        var direct = FoldStatistics.Compute(second, targets, w, protocol, threads: 1);
        for (int f = 0; f < protocol.Folds; f++)
            foreach (var (v, s) in new[] { (view.Train[f], direct.Train[f]), (view.Test[f], direct.Test[f]) })
            {
                Assert.Equal(s.Gram.Length, v.Gram.Length);
                for (int i = 0; i < s.Gram.Length; i++) Assert.Equal(s.Gram[i], v.Gram[i], 1e-12);
                Assert.Equal(s.WeightSum, v.WeightSum, 1e-14);
                Assert.Equal(s.FeatureTargetCross(4, 3), v.FeatureTargetCross(4, 3), 1e-14);
            }
        // Sums of views equal sums of the direct statistics; a target view of a view is a sub-block of both.
        var sumOfViews = view.TrainTotal();
        var sumDirect = direct.TrainTotal();
        for (int i = 0; i < sumDirect.Gram.Length; i++) Assert.Equal(sumDirect.Gram[i], sumOfViews.Gram[i], 1e-12);
        var narrow = view.Test[1].SelectTargets(targets.Shuffled(0));
        Assert.Equal(direct.Test[1].TargetCross(3, 3), narrow.TargetCross(1, 1), 1e-14);
        Assert.Equal(direct.Test[1].FeatureCross(2, 4), narrow.FeatureCross(2, 4), 1e-14);
        Assert.Equal(view.CrossValidationFold(0).WeightSum, direct.Train[0].WeightSum + direct.Test[0].WeightSum, 1e-14);
    }

    [Fact]
    public void OneFeatureSetOnAnExactWeightedAffineProblem()
    {
        // y₁ = 2x₀ − x₁ + 0.5 and y₂ = 3 exactly, on 600 weighted rows: every fit recovers the map, R² = 1 for y₁
        // (held out, per length and in CV) and MSE = 0; the constant target has no R².
        int n = 600;
        var x = RandomFeatures(n, 2, seed: 11, name: "x");
        var w = RandomWeights(n, seed: 12);
        var values = new double[n * 2];
        var row = new double[2];
        for (int i = 0; i < n; i++)
        {
            x.CopyRow(i, row);
            values[2 * i] = 2 * row[0] - row[1] + 0.5;
            values[2 * i + 1] = 3;
        }
        var lengths = Enumerable.Range(0, n).Select(i => 1 + i % 3).ToArray();
        var targets = new ProbeTargetSet([new TargetMatrix(ProbeTargetSet.BeliefName, values, 2)], Splitters.Permutation(n, 13));
        var settings = Settings();
        var protocol = ProbeProtocol.Create(n, settings);
        var scorer = new ProbeScorer(targets, protocol, w, lengths, settings);
        var set = new FeatureSet(x, FeatureSetKind.Block);
        var result = Assert.Single(scorer.Score(set, scorer.Statistics(x)));

        Assert.Equal("wls", result.Method);
        Assert.Equal(120, result.TrainRows);
        Assert.Equal(480, result.TestRows);
        var model = result.Coefficients!;
        Assert.Equal(2.0, model.Coefficient(0, 0), 1e-9);
        Assert.Equal(-1.0, model.Coefficient(1, 0), 1e-9);
        Assert.Equal(0.5, model.Intercept[0], 1e-9);
        Assert.Equal(0.0, model.Coefficient(0, 1), 1e-9);
        Assert.Equal(3.0, model.Intercept[1], 1e-9);
        Assert.Equal(1.0, result.HeldOut.R2!.Value, 1e-9);
        Assert.Equal(1.0, result.HeldOut.R2PerDimension[0]!.Value, 1e-9);
        Assert.Null(result.HeldOut.R2PerDimension[1]);
        Assert.True(result.HeldOut.Mse < 1e-18, $"MSE {result.HeldOut.Mse}");
        Assert.Equal([1, 2, 3], result.HeldOut.R2PerLength!.Select(l => l.Length));
        Assert.All(result.HeldOut.R2PerLength!, l => Assert.Equal(1.0, l.R2!.Value, 1e-9));
        Assert.Equal(1.0, result.CrossValidation!.R2!.Value, 1e-9);

        // The shuffled control, computed independently: fit the explicitly permuted targets on the training rows,
        // score the predictions on the test rows.
        var permuted = targets.Targets[0].PermuteRows("shuffled", targets.Shuffle!);
        var control = new WeightedLinearProbe().Fit(x, permuted, w, protocol.Split.Train);
        Assert.Equal(control.Score(x, permuted, w, protocol.Split.Test).R2!.Value, result.ShuffledHeldOutR2!.Value, 1e-9);

        // The held-out predictions come from the kept fit.
        var predictions = scorer.HeldOutPredictions(result, x);
        Assert.Equal(protocol.Split.Test, predictions.Rows);
        for (int k = 0; k < predictions.Rows.Length; k++) Assert.Equal(predictions.Actual[2 * k], predictions.Predicted[2 * k], 1e-9);
    }

    [Fact]
    public void RidgeIsChosenByTheRulesAndItsPenaltyFromTheTrainingFolds()
    {
        int n = 400;
        var x = RandomFeatures(n, 3, seed: 14);
        var w = Enumerable.Repeat(1.0 / n, n).ToArray();
        var y = new TargetMatrix(ProbeTargetSet.BeliefName, RandomFeatures(n, 1, seed: 15).ToArray().Select(v => (double)v).ToArray(), 1);
        var targets = new ProbeTargetSet([y]);
        var lengths = new int[n];
        var auto = new ProbeScorer(targets, ProbeProtocol.Create(n, Settings(RidgeMode.Auto)), w, lengths, Settings(RidgeMode.Auto));
        // n_eff of 80 equally weighted training rows is 80: ridge from p ≥ 20 (so for 21, not for 19), and always for a concatenation.
        Assert.False(auto.UsesRidge(new FeatureSet(RandomFeatures(n, 19, seed: 16), FeatureSetKind.Block)));
        Assert.True(auto.UsesRidge(new FeatureSet(RandomFeatures(n, 21, seed: 16), FeatureSetKind.Block)));
        Assert.True(auto.UsesRidge(new FeatureSet(x, FeatureSetKind.Concatenation)));

        var settings = Settings(RidgeMode.Always);
        var protocol = ProbeProtocol.Create(n, settings);
        var scorer = new ProbeScorer(targets, protocol, w, lengths, settings);
        var result = Assert.Single(scorer.Score(new FeatureSet(x, FeatureSetKind.Block), scorer.Statistics(x)));
        // The same choice by RidgeCv from the training folds' statistics, and the same refit.
        var cv = new RidgeCv(folds: 3, threads: 1).Fit([.. protocol.TrainFolds.Select(rows => SufficientStatistics.Compute(x, y, w, rows, 1))]);
        Assert.Equal("ridge_cv", result.Method);
        Assert.Equal(cv.ChosenPenalty, result.Penalty);
        Assert.Equal(cv.CvR2, result.RidgeCvR2!);
        for (int j = 0; j < 3; j++) Assert.Equal(cv.Model!.Coefficient(j, 0), result.Coefficients!.Coefficient(j, 0), 1e-12);
    }

    [Fact]
    public void TheBestProbeIsTheModelsBeliefProbeWithTheHighestHeldOutR2()
    {
        static ProbeResult Result(string features, string target, double? r2, bool baseline = false) =>
            new(features, 1, baseline, target, 1, "wls", null, false, 1, 1, 1, new ProbeScore(0, r2, [r2]), new ProbeScore(0, r2, [r2]), null);
        ProbeResult[] results =
        [
            Result("a", "belief", 0.5),
            Result("b", "next_token", 0.99),        // not the belief
            Result("c", "belief", 0.9),
            Result("d", "belief", 0.95, baseline: true), // a baseline
            Result("e", "belief", 0.9),             // a tie: the first stays
            Result("f", "belief", null),
        ];
        Assert.Equal("c", BestProbe.Choose(results)!.Features);
        Assert.Null(BestProbe.Choose([Result("f", "belief", null), Result("b", "next_token", 1)]));
        Assert.Null(BestProbe.Choose([]));
    }
}
