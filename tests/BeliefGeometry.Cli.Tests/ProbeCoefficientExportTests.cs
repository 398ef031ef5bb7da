using System.Text.Json;
using BeliefGeometry.Export;

namespace BeliefGeometry.Cli.Tests;

/// <summary>The saved probes (<c>probes/</c>) applied to the saved activations reproduce the saved held-out predictions and R².</summary>
public sealed class ProbeCoefficientExportTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void SavedProbesAppliedToSavedActivationsReproduceBeliefPredictionsAndR2()
    {
        string experiment = _files.Write("tiny.json", """
            { "name": "tiny-probes", "seed": 3, "process": "mess3",
              "model": { "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 1, "d_head": 8, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 },
              "training": { "steps": 20, "batch_size": 32, "lr": 1e-2, "eval_every": 10, "checkpoint_every": 10, "threads": 1 },
              "probe": { "folds": 3 } }
            """);
        string run = Path.Combine(_files.Directory, "run");
        var result = CliRun.Of("experiment", experiment, "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr);

        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json")));
        string best = probe.RootElement.GetProperty("best_belief_features").GetString()!;
        var bestResult = probe.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("features").GetString() == best && r.GetProperty("target").GetString() == "belief");
        string probes = Path.Combine(run, "probes");
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(probes, "index.json")));
        Assert.Equal(best, index.RootElement.GetProperty("best_belief_features").GetString());
        Assert.Equal(probe.RootElement.GetProperty("results").GetArrayLength(), index.RootElement.GetProperty("probes").GetArrayLength());
        var entry = index.RootElement.GetProperty("probes").EnumerateArray()
            .Single(e => e.GetProperty("features").GetString() == best && e.GetProperty("target").GetString() == "belief");

        // x: the listed blocks' activations side by side; y = x·coef + intercept in float64.
        string activations = Path.Combine(run, "activations");
        var blocks = entry.GetProperty("blocks").EnumerateArray().Select(b => Npy.Read(Path.Combine(activations, b.GetString() + ".npy"))).ToList();
        var coef = Npy.Read(Path.Combine(probes, entry.GetProperty("coef").GetString()!));
        var b = coef.ToArray<double>();
        var a = Npy.Read(Path.Combine(probes, entry.GetProperty("intercept").GetString()!)).ToArray<double>();
        int p = (int)coef.Shape[0], d = (int)coef.Shape[1];
        Assert.Equal(p, blocks.Sum(m => (int)m.Shape[1]));
        var rows = Npy.Read(Path.Combine(activations, "belief_prediction_rows.npy")).ToArray<int>();
        var predicted = Npy.Read(Path.Combine(activations, "belief_predictions.npy")).ToArray<double>();
        var beliefs = Npy.Read(Path.Combine(activations, "beliefs.npy")).ToArray<double>();
        var weights = Npy.Read(Path.Combine(activations, "prefix_probabilities.npy")).ToArray<double>();
        var values = blocks.Select(m => m.ToArray<float>()).ToList();
        var mine = new double[rows.Length * d];
        for (int k = 0; k < rows.Length; k++)
        {
            var x = new List<double>();
            for (int m = 0; m < blocks.Count; m++)
            {
                int width = (int)blocks[m].Shape[1];
                for (int j = 0; j < width; j++) x.Add(values[m][rows[k] * width + j]);
            }
            for (int t = 0; t < d; t++)
            {
                double y = a[t];
                for (int j = 0; j < p; j++) y += x[j] * b[j * d + t];
                mine[k * d + t] = y;
                Assert.Equal(predicted[k * d + t], y, 1e-10);
            }
        }
        // The held-out R² of probe.json from these predictions: 1 − Σw(η − ŷ)² / Σw(η − η̄)².
        double sw = rows.Sum(r => weights[r]);
        var mean = new double[d];
        foreach (int r in rows)
            for (int t = 0; t < d; t++) mean[t] += weights[r] * beliefs[r * d + t] / sw;
        double sse = 0, sst = 0;
        for (int k = 0; k < rows.Length; k++)
            for (int t = 0; t < d; t++)
            {
                double e = beliefs[rows[k] * d + t] - mine[k * d + t], c = beliefs[rows[k] * d + t] - mean[t];
                sse += weights[rows[k]] * e * e;
                sst += weights[rows[k]] * c * c;
            }
        Assert.Equal(bestResult.GetProperty("held_out").GetProperty("r2").GetDouble(), 1 - sse / sst, 1e-9);
    }
}
