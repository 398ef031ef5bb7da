using System.Text.Json;
using BeliefGeometry.Cli.Commands;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief experiment</c>, <c>probe</c> and <c>report</c> in-process on a tiny Mess3 model (n_ctx 4: 120 prefixes).</summary>
public sealed class PipelineCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Tiny = """
        { "name": "tiny-mess3", "seed": 2, "process": "mess3",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 3, "n_ctx": 4 },
          "training": { "steps": 40, "batch_size": 32, "lr": 1e-2, "eval_every": 20, "checkpoint_every": 20, "threads": 1 },
          "probe": { "folds": 3 } }
        """;

    private const int Prefixes = 3 + 9 + 27 + 81;

    [Fact]
    public void ExperimentTrainsProbesAndReportsThenReusesTheFinishedRun()
    {
        string experiment = _files.Write("tiny.json", Tiny);
        string run = Path.Combine(_files.Directory, "run");
        var first = CliRun.Of("experiment", experiment, "--out", run);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.StartsWith($"report: {Path.Combine(run, "report.html")}", first.Stdout.TrimEnd().Split('\n')[^1]);

        // probe.json: every residual hook point and the concatenation of the residual stream, each with its controls.
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json")));
        var results = probe.RootElement.GetProperty("results").EnumerateArray().ToList();
        var belief = results.Where(r => r.GetProperty("target").GetString() == "belief" && !r.GetProperty("baseline").GetBoolean())
            .ToDictionary(r => r.GetProperty("features").GetString()!);
        string[] hooks = ["blocks.0.hook_resid_pre", "blocks.0.hook_resid_mid", "blocks.0.hook_resid_post", "ln_final.hook_normalized"];
        Assert.Equal([.. hooks, "all layers"], belief.Keys.ToHashSet());
        Assert.Equal(2 * 16, belief["all layers"].GetProperty("feature_count").GetInt32()); // the stream after each layer: embedding, block 0 output
        Assert.Equal(Prefixes, probe.RootElement.GetProperty("prefixes").GetInt32());
        // 1 layer, d_model 16, 2 heads of 8, d_mlp 32, vocab 3, n_ctx 4, TransformerLens biases:
        // embed 48 + pos 64 + LN 2×32 + attn (3·2·16·8 + 3·2·8 + 2·8·16 + 16) + MLP (16·32 + 32 + 32·16 + 16) + LN 32 + unembed 51.
        Assert.Equal(48 + 64 + 64 + (768 + 48 + 256 + 16) + (512 + 32 + 512 + 16) + 32 + 51, probe.RootElement.GetProperty("parameters").GetInt64());
        foreach (var r in belief.Values)
        {
            Assert.InRange(r.GetProperty("held_out").GetProperty("r2").GetDouble(), -1, 1);
            Assert.True(r.GetProperty("shuffled_held_out_r2").GetDouble() < 0.05);
        }
        // For Mess3 the next-token distribution is an invertible affine map of the belief: that baseline explains it all.
        var nextToken = results.Single(r => r.GetProperty("features").GetString() == "next_token_distribution" && r.GetProperty("target").GetString() == "belief");
        Assert.Equal(1.0, nextToken.GetProperty("held_out").GetProperty("r2").GetDouble(), 1e-6);

        // Arrays for numpy: activations per hook, ground truth, and the held-out predictions.
        string activations = Path.Combine(run, "activations");
        foreach (string hook in hooks.Append("hook_embed").Append("hook_pos_embed"))
            Assert.Equal([(long)Prefixes, 16], Npy.Read(Path.Combine(activations, hook + ".npy")).Shape);
        Assert.Equal([(long)Prefixes, 3], Npy.Read(Path.Combine(activations, "beliefs.npy")).Shape);
        var rows = Npy.Read(Path.Combine(activations, "belief_prediction_rows.npy"));
        Assert.Equal([rows.Shape[0], 3L], Npy.Read(Path.Combine(activations, "belief_predictions.npy")).Shape);
        Assert.Equal(belief["all layers"].GetProperty("test_rows").GetInt32(), (int)rows.Shape[0]);

        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("blocks.0.hook_resid_mid", html);
        foreach (string figure in new[] { "beliefs", "probe_r2", "position_loss", "training", "explained_variance", "belief_geometry" })
        {
            Assert.Equal((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(run, "figures", figure + ".png"))[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(run, "figures", figure + ".svg")));
        }
        // Which figure was chosen: the belief figure shows the best probe, the R² and PCA figures every hook point.
        string best = probe.RootElement.GetProperty("best_belief_features").GetString()!;
        Assert.Equal(belief.MaxBy(kv => kv.Value.GetProperty("held_out").GetProperty("r2").GetDouble()).Key, best);
        Assert.Contains($"Probe prediction from {best}", File.ReadAllText(Path.Combine(run, "figures", "beliefs.svg")));
        foreach (string hook in hooks)
        {
            Assert.Contains(hook, File.ReadAllText(Path.Combine(run, "figures", "probe_r2.svg")));
            Assert.Contains(hook, File.ReadAllText(Path.Combine(run, "figures", "explained_variance.svg")));
        }
        // What the report says: the best hook point, its held-out R² and the shuffled control.
        var top = belief[best];
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"reads the belief state from {best} with held-out R² = {top.GetProperty("held_out").GetProperty("r2").GetDouble():0.0000}"), html);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"against {top.GetProperty("shuffled_held_out_r2").GetDouble():0.000} for the same probe fitted to shuffled targets"), html);
        // …and the random-feature null as wide as the best features, which probe.json marks as such.
        var nulls = probe.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("random_null").GetBoolean() && r.GetProperty("target").GetString() == "belief").ToList();
        Assert.All(nulls, r => Assert.True(r.GetProperty("baseline").GetBoolean()));
        var sameWidth = nulls.Single(r => r.GetProperty("feature_count").GetInt32() == top.GetProperty("feature_count").GetInt32());
        // …and the same probe of the untrained model (the random-initialisation control).
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $", {sameWidth.GetProperty("held_out").GetProperty("r2").GetDouble():0.000} for random features as wide and {top.GetProperty("random_init").GetProperty("r2").GetDouble():0.000} for the same model untrained"), html);
        Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));

        // Again into the same directory: the finished training is reused, not refused and not repeated.
        int metricLines = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length;
        var again = CliRun.Of("experiment", experiment, "--out", run);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(metricLines, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
    }

    [Fact]
    public void ARecurrentModelGoesThroughTheSamePipeline()
    {
        string experiment = _files.Write("gru.json", """
            { "name": "tiny-gru", "seed": 1, "process": "mess3",
              "model": { "kind": "gru", "hidden_size": 12, "n_layers": 2, "d_vocab": 3, "n_ctx": 4 },
              "training": { "steps": 20, "batch_size": 32, "eval_every": 10, "checkpoint_every": 10, "threads": 1 },
              "probe": { "folds": 3 } }
            """);
        string run = Path.Combine(_files.Directory, "gru");
        var result = CliRun.Of("experiment", experiment, "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json")));
        var features = probe.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("target").GetString() == "belief" && !r.GetProperty("baseline").GetBoolean())
            .Select(r => r.GetProperty("features").GetString()).ToHashSet();
        Assert.Equal(["hook_embed", "layers.0.hook_hidden", "layers.1.hook_hidden", "all layers"], features);
        // The concatenation is the embedding and both layers' hidden states: (1 + 2) × 12 features.
        Assert.Equal(3 * 12, probe.RootElement.GetProperty("results").EnumerateArray()
            .First(r => r.GetProperty("features").GetString() == "all layers").GetProperty("feature_count").GetInt32());
        string best = probe.RootElement.GetProperty("best_belief_features").GetString()!;
        Assert.Contains(best, features);
        Assert.Contains($"reads the belief state from {best} with held-out R² = ", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void ProbeAndReportOfSomethingThatIsNotAFinishedRunAreOneLineAndExitTwo()
    {
        var missing = CliRun.Of("probe", Path.Combine(_files.Directory, "absent"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.StderrLines);
        Assert.Contains("does not exist", missing.Stderr);

        var notRun = CliRun.Of("probe", _files.Directory);
        Assert.Equal(2, notRun.ExitCode);
        Assert.Contains("no config.json", notRun.Stderr);

        string experiment = _files.Write("tiny.json", Tiny);
        string run = Path.Combine(_files.Directory, "run");
        Assert.Equal(0, CliRun.Of("train", experiment, "--out", run).ExitCode);
        var report = CliRun.Of("report", run);
        Assert.Equal(2, report.ExitCode);
        Assert.Single(report.StderrLines);
        Assert.Contains("run 'belief probe", report.Stderr);
        Assert.False(File.Exists(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void AnUnknownExperimentNameListsTheBuiltInOnes()
    {
        var run = CliRun.Of("experiment", "nope", "--out", Path.Combine(_files.Directory, "x"));
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains("built-in: factored, mess3, mess3-long, mess3-sgd, mixture, post-quantum, quantum, rrxor", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_files.Directory, "x")));
    }

    [Fact]
    public void BuiltInExperimentsAreTheShippedFiles()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeliefGeometry.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var files = Directory.GetFiles(Path.Combine(dir.FullName, "experiments"), "*.json");
        Assert.Equal(files.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal),
            BuiltInExperiments.Names.Concat(BuiltInExperiments.SweepNames).Order(StringComparer.Ordinal));
        foreach (string file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (BuiltInExperiments.SweepNames.Contains(name))
                Assert.Equal(File.ReadAllText(file), BuiltInExperiments.FindSweep(name)); // read and checked by the sweep tests
            else
                Assert.Equal(ExperimentFile.Load(file), ExperimentCommand.Resolve(name, []));
        }
    }
}
