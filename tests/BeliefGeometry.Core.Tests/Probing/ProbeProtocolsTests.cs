using BeliefGeometry.Data;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace BeliefGeometry.Tests.Probing;

public class ProbeProtocolsTests
{
    private static readonly ProbeSettings InSampleOls = new()
    {
        Rows = RowWeighting.SequenceCount, Scoring = Scoring.InSample, Ridge = RidgeMode.Never, SplitSeeds = 0, RandomNull = false,
        Baselines = false, NextTokenHorizons = [], MarkovOrders = [], Concatenate = false,
    };

    [Fact]
    public void WordCountsAreThePowersOfThreeForMess3AndSumOverChildren()
    {
        var mess3 = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(4, 3));
        var counts = mess3.WordCounts();
        for (int i = 0; i < mess3.Count; i++)
            Assert.Equal(Math.Pow(3, 4 - mess3.Length(i)), counts[i]);

        var rrxor = PrefixSet.Enumerate(ProcessCatalog.Resolve("rrxor"), new SequenceLayout(7, 2));
        var rr = rrxor.WordCounts();
        int words = rrxor.LevelCount(7);
        for (int length = 1; length <= 7; length++)
            Assert.Equal(words, Enumerable.Range(rrxor.LevelStart(length), rrxor.LevelCount(length)).Sum(i => rr[i]));
        var children = new double[rrxor.Count];
        for (int i = 0; i < rrxor.Count; i++)
            if (rrxor.Parent(i) >= 0) children[rrxor.Parent(i)] += rr[i];
        for (int i = 0; i < rrxor.Count; i++)
            Assert.Equal(rrxor.Length(i) == 7 ? 1 : children[i], rr[i]);
    }

    /// <summary>
    /// The published rows built explicitly — every whole-context word at every position, one equally weighted row each,
    /// shared prefixes repeated — and fitted by MathNet's QR least squares with an intercept: the same MSE and R² as the
    /// prober's in-sample fit of the distinct prefixes weighted by word counts.
    /// </summary>
    [Fact]
    public void SequenceCountWeightsReproduceAFitOnTheRepeatedPublishedRows()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("rrxor"), new SequenceLayout(6, 2));
        var features = ProbeTestSupport.RandomFeatures(prefixes.Count, 5, seed: 3, "x");
        var analysis = Prober.Run([features], prefixes, InSampleOls);
        var result = analysis.Results.Single(r => r.Target == "belief");

        var rows = new List<int>();
        for (int word = prefixes.LevelStart(6); word < prefixes.LevelStart(6) + prefixes.LevelCount(6); word++)
            for (int i = word; i >= 0; i = prefixes.Parent(i)) rows.Add(i);
        var x = features.ToArray();
        var design = Matrix<double>.Build.Dense(rows.Count, 6, (r, c) => c == 0 ? 1 : x[rows[r] * 5 + c - 1]);
        var y = Matrix<double>.Build.Dense(rows.Count, 5, (r, t) => prefixes.Belief(rows[r])[t]);
        var residual = y - design * design.QR().Solve(y);
        double mse = residual.Enumerate().Sum(e => e * e) / (rows.Count * 5.0);
        double sst = 0;
        for (int t = 0; t < 5; t++)
        {
            double mean = y.Column(t).Average();
            sst += y.Column(t).Sum(v => (v - mean) * (v - mean));
        }
        Assert.Equal(mse, result.InSample!.Mse, 12);
        Assert.Equal(1 - mse * rows.Count * 5 / sst, result.InSample.R2!.Value, 10);
    }

    [Fact]
    public void InSampleRandomFeaturesAsWideAsTheRowsFitPerfectlyAndPredictNothing()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("rrxor"), new SequenceLayout(4, 2)); // 2 + 4 + 8 + 8 prefixes
        var wide = ProbeTestSupport.RandomFeatures(prefixes.Count, prefixes.Count, seed: 5, "wide");
        var analysis = Prober.Run([wide], prefixes, InSampleOls with { ShuffleControl = true, TrainFraction = 0.5 });
        var result = analysis.Results.Single(r => r.Target == "belief");
        Assert.True(result.InSample!.R2 > 1 - 1e-9, $"in-sample R² {result.InSample.R2}");
        Assert.True(result.ShuffledInSampleR2 > 1 - 1e-9, $"shuffled in-sample R² {result.ShuffledInSampleR2}");
        Assert.True(result.HeldOut.R2 < 0.5, $"held-out R² {result.HeldOut.R2}");
    }

    [Fact]
    public void DistanceCorrelationMatchesMathNetsWeightedPearsonOverEveryPair()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(3, 3));
        var beliefs = ProbeTargets.Belief(prefixes);
        var next = ProbeTargets.NextToken(prefixes);
        int[] rows = [.. Enumerable.Range(0, prefixes.Count).Where(i => i % 3 != 1)];
        var rng = new Xoshiro256StarStar(9);
        var predicted = new double[rows.Length * 3];
        for (int k = 0; k < rows.Length; k++)
            for (int t = 0; t < 3; t++) predicted[k * 3 + t] = beliefs.Row(rows[k])[t] + 0.1 * (rng.NextDouble() - 0.5);
        var w = prefixes.Probabilities.ToArray();
        var result = DistanceCorrelation.Compute(predicted, beliefs, next, w, rows, sampled: false);

        var a = new List<double>(); var b = new List<double>(); var c = new List<double>(); var omega = new List<double>();
        static double Norm(IEnumerable<double> e) => Math.Sqrt(e.Sum(v => v * v));
        for (int i = 0; i < rows.Length; i++)
            for (int j = i + 1; j < rows.Length; j++)
            {
                a.Add(Norm(Enumerable.Range(0, 3).Select(t => predicted[i * 3 + t] - predicted[j * 3 + t])));
                b.Add(Norm(Enumerable.Range(0, 3).Select(t => beliefs.Row(rows[i])[t] - beliefs.Row(rows[j])[t])));
                c.Add(Norm(Enumerable.Range(0, 3).Select(t => next.Row(rows[i])[t] - next.Row(rows[j])[t])));
                omega.Add(w[rows[i]] * w[rows[j]]);
            }
        Assert.Equal(Math.Pow(Correlation.WeightedPearson(a, b, omega), 2), result.Beliefs!.Value, 10);
        Assert.Equal(Math.Pow(Correlation.WeightedPearson(a, c, omega), 2), result.NextToken!.Value, 10);
        Assert.Equal(rows.Length, result.Rows);

        var exact = DistanceCorrelation.Compute(beliefs.Values, beliefs, next, w, [.. Enumerable.Range(0, prefixes.Count)], sampled: false);
        Assert.Equal(1, exact.Beliefs!.Value, 12);
    }

    /// <summary>Integer weights as repeated rows: the pairs of the expanded rows (copies of a prefix included), unweighted.</summary>
    [Fact]
    public void DistanceCorrelationOfRepeatedRowsMatchesThePairsOfTheExpandedRows()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("rrxor"), new SequenceLayout(4, 2));
        var beliefs = ProbeTargets.Belief(prefixes);
        var next = ProbeTargets.NextToken(prefixes);
        var counts = prefixes.WordCounts();
        int[] rows = [.. Enumerable.Range(0, prefixes.Count)];
        var rng = new Xoshiro256StarStar(4);
        var predicted = beliefs.Values.Select(v => v + 0.2 * (rng.NextDouble() - 0.5)).ToArray();
        var result = DistanceCorrelation.Compute(predicted, beliefs, next, counts, rows, sampled: false, repeatedRows: true);

        var expanded = rows.SelectMany(i => Enumerable.Repeat(i, (int)counts[i])).ToArray();
        var a = new List<double>(); var b = new List<double>(); var c = new List<double>();
        double Distance(Func<int, int, double> entry, int i, int j, int d) => Math.Sqrt(Enumerable.Range(0, d).Sum(t => Math.Pow(entry(i, t) - entry(j, t), 2)));
        for (int r = 0; r < expanded.Length; r++)
            for (int s = r + 1; s < expanded.Length; s++)
            {
                int i = expanded[r], j = expanded[s];
                a.Add(Distance((k, t) => predicted[k * 5 + t], i, j, 5));
                b.Add(Distance((k, t) => beliefs.Row(k)[t], i, j, 5));
                c.Add(Distance((k, t) => next.Row(k)[t], i, j, 2));
            }
        Assert.Equal(Math.Pow(Correlation.Pearson(a, b), 2), result.Beliefs!.Value, 10);
        Assert.Equal(Math.Pow(Correlation.Pearson(a, c), 2), result.NextToken!.Value, 10);
    }

    [Fact]
    public void ThePublishedProtocolReadsThePapersHookPointsInSampleWithEqualRows()
    {
        var settings = ProbeProtocols.Apply(ProbeProtocols.Published, new ProbeSettings(), layers: 4, finalNorm: true);
        Assert.Equal(("published", RowWeighting.SequenceCount, Scoring.InSample, RidgeMode.Never), (settings.Protocol, settings.Rows, settings.Scoring, settings.Ridge));
        Assert.Equal(["blocks.0.hook_resid_pre", "blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "blocks.2.hook_resid_post",
            "blocks.3.hook_resid_post", "ln_final.hook_normalized"], settings.Probed!);
        Assert.Equal(settings.Probed, settings.ConcatenationOf);
        Assert.Equal(12, settings.FeatureSets.Single().Of.Count);
        Assert.Equal(13, ProbeProtocols.Hooks(ProbeProtocols.Published, 4, finalNorm: true).Count);
        Assert.Same(ProbeProtocols.HeldOut, ProbeProtocols.Apply(ProbeProtocols.HeldOut, new ProbeSettings(), 4, true).Protocol);
        Assert.Throws<InputException>(() => ProbeProtocols.Apply("in-sample-please", new ProbeSettings(), 4, true));
    }
}
