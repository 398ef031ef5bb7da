using System.Text.Json;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Probing;

public sealed class ProbeCoefficientFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "probe-coef-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void SavedCoefficientsAppliedToTheActivationsReproduceTheHeldOutPredictionsAndR2()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(6, 3));
        int n = prefixes.Count;
        var rng = new Xoshiro256StarStar(11);
        var informative = new float[n * 3];
        for (int i = 0; i < n; i++)
            for (int s = 0; s < 3; s++)
                informative[i * 3 + s] = (float)(10 * prefixes.Belief(i)[s] + 3 + 0.05 * (rng.NextDouble() - 0.5)); // far from standardised
        var blocks = new[] { new FeatureMatrix("layer a", informative, 3), ProbeTestSupport.RandomFeatures(n, 5, 12, "layer/b") };
        var analysis = Prober.Run(blocks, prefixes, new ProbeSettings { Seed = 2, MarkovOrders = [1], NextTokenHorizons = [1] });
        string index = ProbeCoefficientFiles.Write(_directory, analysis);

        // Every result with its two arrays, under file-safe names, listed in the index.
        using var json = JsonDocument.Parse(File.ReadAllText(index));
        var entries = json.RootElement.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal(analysis.Results.Count, entries.Count);
        var concatenation = entries.First(e => e.GetProperty("features").GetString() == "concatenation");
        Assert.Equal(["layer a", "layer/b"], concatenation.GetProperty("blocks").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal("concatenation__belief.coef.npy", concatenation.GetProperty("coef").GetString());
        Assert.Contains(entries, e => e.GetProperty("coef").GetString() == "layer_b__next_token.coef.npy");
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));

        // The best belief probe, applied by plain loops to the float32 activations of the held-out rows.
        var predictions = analysis.BeliefPredictions!;
        string best = analysis.BestBeliefFeatures!;
        var entry = entries.Single(e => e.GetProperty("features").GetString() == best && e.GetProperty("target").GetString() == "belief");
        var coef = Npy.Read(Path.Combine(_directory, entry.GetProperty("coef").GetString()!));
        var intercept = Npy.Read(Path.Combine(_directory, entry.GetProperty("intercept").GetString()!)).ToArray<double>();
        var b = coef.ToArray<double>();
        int p = (int)coef.Shape[0], d = (int)coef.Shape[1];
        Assert.Equal(3, d);
        var x = best == "concatenation" ? FeatureMatrix.Concatenate("c", blocks).ToArray() : blocks.Single(f => f.Name == best).ToArray();
        var result = analysis.Results.Single(r => r.Features == best && r.Target == "belief");
        var w = prefixes.Probabilities.ToArray();
        double sw = 0;
        var mean = new double[d];
        foreach (int row in predictions.Rows)
        {
            sw += w[row];
            for (int t = 0; t < d; t++) mean[t] += w[row] * prefixes.Belief(row)[t];
        }
        double sse = 0, sst = 0;
        for (int r = 0; r < predictions.Rows.Length; r++)
        {
            int row = predictions.Rows[r];
            for (int t = 0; t < d; t++)
            {
                double y = intercept[t];
                for (int j = 0; j < p; j++) y += x[row * p + j] * b[j * d + t];
                Assert.Equal(predictions.Predicted[r * d + t], y, 1e-10);
                double e = prefixes.Belief(row)[t] - y, c = prefixes.Belief(row)[t] - mean[t] / sw;
                sse += w[row] * e * e;
                sst += w[row] * c * c;
            }
        }
        Assert.Equal(result.HeldOut.R2!.Value, 1 - sse / sst, 1e-9);
        Assert.True(result.HeldOut.R2 > 0.9);

        // Per prefix length, each length against its own weighted mean, from the same plain-loop predictions.
        foreach (var byLength in result.HeldOut.R2PerLength!)
        {
            var rows = Enumerable.Range(0, predictions.Rows.Length).Where(r => prefixes.Length(predictions.Rows[r]) == byLength.Length).ToArray();
            double lw = rows.Sum(r => w[predictions.Rows[r]]), lsse = 0, lsst = 0;
            for (int t = 0; t < d; t++)
            {
                double lm = rows.Sum(r => w[predictions.Rows[r]] * prefixes.Belief(predictions.Rows[r])[t]) / lw;
                foreach (int r in rows)
                {
                    double y = prefixes.Belief(predictions.Rows[r])[t], e = y - predictions.Predicted[r * d + t];
                    lsse += w[predictions.Rows[r]] * e * e;
                    lsst += w[predictions.Rows[r]] * (y - lm) * (y - lm);
                }
            }
            if (lsst > 1e-20 * lw) Assert.Equal(1 - lsse / lsst, byLength.R2!.Value, 1e-9);
            else Assert.Null(byLength.R2);
        }

        // Read back as a fit: the same map.
        var read = ProbeCoefficientFiles.Read(_directory, best, "belief")!;
        Assert.Equal(result.Coefficients!.Coefficients, read.Coefficients);
        Assert.Null(ProbeCoefficientFiles.Read(_directory, best, "no_such_target"));
        Assert.Equal(result.Coefficients.Intercept, read.Intercept);
    }

    [Fact]
    public void WritingAgainReplacesTheFolder()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(4, 3));
        var settings = new ProbeSettings { MarkovOrders = [], NextTokenHorizons = [], Baselines = false, RandomNull = false, Folds = 3 };
        var first = Prober.Run([ProbeTestSupport.RandomFeatures(prefixes.Count, 2, 1, "old")], prefixes, settings);
        var second = Prober.Run([ProbeTestSupport.RandomFeatures(prefixes.Count, 2, 1, "new")], prefixes, settings);
        ProbeCoefficientFiles.Write(_directory, first);
        ProbeCoefficientFiles.Write(_directory, second);
        Assert.Equal(["index.json", "new__belief.coef.npy", "new__belief.intercept.npy"],
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
