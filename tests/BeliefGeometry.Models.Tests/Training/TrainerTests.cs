using BeliefGeometry.Export;
using System.Text.Json;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;
using TorchSharp;

namespace BeliefGeometry.Models.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-trainer-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A tiny transformer on the golden mean process, n_ctx 4 (32 exact words of length 5).</summary>
    private static ExperimentConfig Tiny(params string[] sets) => ExperimentFile.Parse(
        $$"""
        {
          "name": "tiny", "seed": 3, "process": "golden_mean:p=0.5",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 2, "n_ctx": 4 },
          "training": { "optimizer": "adam", "lr": 1e-2, "batch_size": 32, "steps": 100, "warmup_steps": 5, "schedule": "cosine",
                        "grad_clip": 1.0, "eval_every": 50, "checkpoint_every": 20, "threads": {{TorchCollection.Threads}} }
        }
        """, "experiment 'tiny'", sets);

    private string RunDir(string name) => Path.Combine(_root, name);

    private static float[][] Weights(Trainer trainer) =>
        trainer.Model.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Fact]
    public void LossFallsTowardsTheFloor()
    {
        using var trainer = new Trainer(Tiny(), RunDir("learn"));
        var before = trainer.Evaluate(0);
        var result = trainer.Run();
        Assert.Equal(100, result.Step);
        Assert.Equal(100L * 32 * 4, result.Tokens);
        Assert.True(result.Evaluation.Exact);
        Assert.Equal(trainer.Floor, result.Evaluation.Floor);
        // Golden mean p = 0.5: h(1) = H(1/3, 2/3)-ish, h(L ≥ 2) = 2/3 bit; the floor is per position and BOS-free.
        Assert.All(result.Evaluation.Floor, f => Assert.InRange(f, 0.3, 0.7));
        Assert.True(before.MeanGap > 0.05, $"initial gap {before.MeanGap}");
        Assert.True(result.Evaluation.MeanGap < before.MeanGap / 2, $"gap {before.MeanGap} → {result.Evaluation.MeanGap}");
        Assert.True(result.Evaluation.MeanGap > -1e-4, "the validation loss cannot beat the floor");
    }

    [Fact]
    public void SameSeedSameLossAndWeights_AndResumeMatchesAnUninterruptedRun()
    {
        var config = Tiny("training.steps=40", "training.checkpoint_every=10", "training.eval_every=20");
        float[][] straight, again, resumed;
        double straightLoss, againLoss, resumedLoss;
        using (var a = new Trainer(config, RunDir("a"))) { straightLoss = a.Run().FinalLoss; straight = Weights(a); }
        using (var b = new Trainer(config, RunDir("b"))) { againLoss = b.Run().FinalLoss; again = Weights(b); }
        Assert.Equal(straightLoss, againLoss);
        AssertSameWeights(straight, again);

        // Interrupted after a step that is not a multiple of checkpoint_every, then resumed by a fresh trainer.
        using (var c = new Trainer(config, RunDir("c")) { StopAfterStep = 17 })
        {
            var partial = c.Run();
            Assert.Equal(17, partial.Step);
            Assert.False(File.Exists(c.Directory.FinalCheckpointPath));
        }
        using (var d = new Trainer(config, RunDir("c")))
        {
            var result = d.Run(resume: true);
            Assert.Equal(17, result.ResumedFromStep);
            Assert.Equal(40, result.Step);
            resumedLoss = result.FinalLoss;
            resumed = Weights(d);
        }
        Assert.Equal(straightLoss, resumedLoss);
        AssertSameWeights(straight, resumed);

        // The resumed run's metrics read like the uninterrupted run's: one train line per step, in order.
        var steps = ReadMetrics(RunDir("c")).Where(m => m.GetProperty("kind").GetString() == "train")
            .Select(m => m.GetProperty("step").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), steps);
    }

    private static void AssertSameWeights(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i]); // bitwise
    }

    private static List<JsonElement> ReadMetrics(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void RunDirectoryHasConfigMetricsAndCheckpointsWithNoTemporaryFiles()
    {
        var config = Tiny("training.steps=12", "training.eval_every=5", "training.checkpoint_every=5");
        string dir = RunDir("layout");
        using (var trainer = new Trainer(config, dir))
            trainer.Run();

        Assert.Equal(config, ExperimentFile.Parse(File.ReadAllText(Path.Combine(dir, "config.json")), "config.json"));
        var metrics = ReadMetrics(dir);
        var train = metrics.Where(m => m.GetProperty("kind").GetString() == "train").ToList();
        var eval = metrics.Where(m => m.GetProperty("kind").GetString() == "eval").ToList();
        Assert.Equal(12, train.Count);
        Assert.All(train, m =>
        {
            Assert.True(m.GetProperty("loss").GetDouble() > 0);
            Assert.True(m.GetProperty("lr").GetDouble() > 0);
            Assert.True(m.GetProperty("tokens_per_second").GetDouble() > 0);
            Assert.Equal(m.GetProperty("step").GetInt64() * 32 * 4, m.GetProperty("tokens").GetInt64());
        });
        Assert.Equal([5L, 10L, 12L], eval.Select(m => m.GetProperty("step").GetInt64()));
        Assert.All(eval, m =>
        {
            Assert.Equal(4, m.GetProperty("val_loss").GetArrayLength());
            Assert.Equal(4, m.GetProperty("floor").GetArrayLength());
            double gap = m.GetProperty("val_loss").EnumerateArray().Zip(m.GetProperty("floor").EnumerateArray(), (l, f) => l.GetDouble() - f.GetDouble()).Average();
            Assert.Equal(gap, m.GetProperty("mean_gap").GetDouble(), 1e-12);
        });

        string checkpoints = Path.Combine(dir, "checkpoints");
        Assert.Equal(["final.ckpt", "latest.ckpt"], Directory.GetFiles(checkpoints).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(dir, "*" + AtomicFile.TemporarySuffix, SearchOption.AllDirectories));
        Assert.Equal(12, Checkpoint.ReadHeader(Path.Combine(checkpoints, "final.ckpt")).Step);
        Assert.True(File.Exists(Path.Combine(dir, "model.safetensors")), "the finished run exports its model");
        Assert.True(File.Exists(Path.Combine(dir, "model_config.json")));
    }

    [Fact]
    public void AFinishedRunLoadsBackWithItsTrainedWeights()
    {
        string dir = RunDir("finished");
        float[][] trained;
        using (var trainer = new Trainer(Tiny("training.steps=6"), dir)) { trainer.Run(); trained = Weights(trainer); }
        using var run = TrainedRun.Load(dir);
        Assert.Equal("tiny", run.Config.Name);
        AssertSameWeights(trained, run.Model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray());

        string unfinished = RunDir("unfinished");
        using (var trainer = new Trainer(Tiny("training.steps=6"), unfinished) { StopAfterStep = 3 }) trainer.Run();
        Assert.Contains("has not finished training", Assert.Throws<InputException>(() => TrainedRun.Load(unfinished)).Message);
        Assert.Contains("no config.json", Assert.Throws<InputException>(() => TrainedRun.Load(_root)).Message);
        Assert.Contains("does not exist", Assert.Throws<InputException>(() => TrainedRun.Load(RunDir("absent"))).Message);
    }

    [Fact]
    public void RefusesANonEmptyRunDirectoryWithoutResume()
    {
        string dir = RunDir("busy");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        using var trainer = new Trainer(Tiny("training.steps=2"), dir);
        var error = Assert.Throws<InputException>(() => trainer.Run());
        Assert.Contains("not empty", error.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ResumeRefusesADifferentConfig()
    {
        string dir = RunDir("changed");
        using (var trainer = new Trainer(Tiny("training.steps=2"), dir)) trainer.Run();
        using var other = new Trainer(Tiny("training.steps=2", "training.lr=0.5"), dir);
        var error = Assert.Throws<InputException>(() => other.Run(resume: true));
        Assert.Contains("config.json differs", error.Message);
    }

    [Fact]
    public void ResumeComparesParsedSettingsNotText()
    {
        string dir = RunDir("old-format");
        var config = Tiny("training.steps=4", "training.checkpoint_every=2");
        using (var trainer = new Trainer(config, dir) { StopAfterStep = 2 }) trainer.Run();

        // A config.json written the old way: no probe or data sections and no momentum (fields with defaults added
        // later), keys in another order, no indentation.
        string path = Path.Combine(dir, "config.json");
        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        old.Remove("probe");
        old.Remove("data");
        old["training"]!.AsObject().Remove("momentum");
        var reordered = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in old.Reverse().ToList()) { old.Remove(key); reordered[key] = value; }
        File.WriteAllText(path, reordered.ToJsonString());

        using (var resumed = new Trainer(config, dir))
        {
            var result = resumed.Run(resume: true);
            Assert.Equal((2L, 4L), (result.ResumedFromStep, result.Step));
        }
        // A setting that matters is named with both values; where the run executes may change.
        using var other = new Trainer(Tiny("training.steps=4", "training.checkpoint_every=2", "training.lr=0.5"), dir);
        var error = Assert.Throws<InputException>(() => other.Run(resume: true));
        Assert.Contains("config.json differs from the experiment as given (with its --set overrides) in training.lr: 0.01 → 0.5;", error.Message);
        using var threads = new Trainer(Tiny("training.steps=4", "training.checkpoint_every=2", "training.threads=2"), dir);
        Assert.Equal(4, threads.Run(resume: true).Step);
    }

    [Fact]
    public void ACorruptCheckpointIsRefusedOnResumeNamingIt()
    {
        string dir = RunDir("corrupt");
        var config = Tiny("training.steps=6", "training.checkpoint_every=2");
        using (var trainer = new Trainer(config, dir) { StopAfterStep = 4 }) trainer.Run();
        string latest = Path.Combine(dir, "checkpoints", "latest.ckpt");
        byte[] good = File.ReadAllBytes(latest);
        string metrics = File.ReadAllText(Path.Combine(dir, "metrics.jsonl"));

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10; // one bit, in the weights
        File.WriteAllBytes(latest, flipped);
        using (var trainer = new Trainer(config, dir))
            Assert.Equal($"checkpoint '{latest}' is corrupt: its SHA-256 does not match its content; resume from another checkpoint or start again",
                Assert.Throws<InputException>(() => trainer.Run(resume: true)).Message);

        File.WriteAllBytes(latest, good[..(good.Length / 2)]);
        using (var trainer = new Trainer(config, dir))
            Assert.Matches($"^checkpoint '{System.Text.RegularExpressions.Regex.Escape(latest)}' is truncated \\([0-9,]+ of {good.Length:N0} bytes\\)",
                Assert.Throws<InputException>(() => trainer.Run(resume: true)).Message);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(dir, "metrics.jsonl"))); // a refused resume changes nothing

        File.WriteAllBytes(latest, good);
        using (var trainer = new Trainer(config, dir))
            Assert.Equal((4L, 6L), (trainer.Run(resume: true).ResumedFromStep, 6L));
    }

    [Fact]
    public void DivergenceStopsWithOneLineAndKeepsTheLastGoodCheckpoint()
    {
        string dir = RunDir("nan");
        var config = Tiny("training.optimizer=sgd", "training.lr=1e30", "training.grad_clip=null", "training.warmup_steps=0",
            "training.schedule=constant", "training.checkpoint_every=1", "training.steps=50");
        using var trainer = new Trainer(config, dir);
        var error = Assert.Throws<TrainingException>(() => trainer.Run());
        Assert.StartsWith("training diverged at step ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        string latest = Path.Combine(dir, "checkpoints", "latest.ckpt");
        Assert.True(File.Exists(latest));
        long kept = Checkpoint.ReadHeader(latest).Step;
        Assert.Contains($"(step {kept})", error.Message);
        Assert.Empty(Directory.GetFiles(dir, "*" + AtomicFile.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public void StreamingDataAndRecurrentModelsTrainThroughTheSamePath()
    {
        var config = Tiny("data.mode=stream", "model={\"kind\":\"gru\",\"hidden_size\":8,\"d_vocab\":2,\"n_ctx\":4}", "training.steps=5");
        using var trainer = new Trainer(config, RunDir("gru"));
        var result = trainer.Run();
        Assert.Equal(5, result.Step);
        Assert.True(double.IsFinite(result.FinalLoss));
        Assert.True(result.Evaluation.Exact); // 2^5 words: small enough to evaluate exactly even when training streams
    }

    [Theory]
    [InlineData("constant", 0, 0, 1e-2)]
    [InlineData("constant", 4, 0, 0.25e-2)]
    [InlineData("constant", 4, 3, 1e-2)]
    [InlineData("cosine", 0, 0, 1e-2)]
    [InlineData("cosine", 0, 50, 0.5e-2)]
    public void LearningRateWarmsUpThenFollowsTheSchedule(string schedule, long warmup, long step, double expected)
    {
        var training = new TrainingConfig { Lr = 1e-2, Steps = 100, WarmupSteps = warmup, Schedule = schedule };
        Assert.Equal(expected, LearningRateSchedule.At(training, step, 100), 1e-12);
    }

    [Fact]
    public void ValidationLossMatchesAManagedComputation()
    {
        using var trainer = new Trainer(Tiny(), RunDir("unused"));
        var eval = trainer.Evaluate(0);
        // Recompute Σ_w P(w) · −ln softmax(logits)[target] by hand over all exact words.
        var process = BeliefGeometry.Processes.ProcessCatalog.Resolve("golden_mean:p=0.5");
        var data = BeliefGeometry.Data.ExactDataset.Enumerate(process, trainer.Layout);
        int n = 4;
        var expected = new double[n];
        for (int i = 0; i < data.WordCount; i++)
        {
            var input = new int[n];
            var target = new int[n];
            trainer.Layout.Split(data.Word(i), input, target);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var logits = trainer.Model.call(torch.tensor(input.Select(x => (long)x).ToArray(), [1, n])).to(torch.float64);
            var logProbs = logits.log_softmax(-1).data<double>().ToArray();
            for (int t = 0; t < n; t++) expected[t] += data.Probability(i) * -logProbs[t * 2 + target[t]];
        }
        for (int t = 0; t < n; t++) Assert.Equal(expected[t], eval.Loss[t], 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ValidationLossIsNeverBelowTheFloorAndTrainingApproachesIt(bool bos)
    {
        // Scored against P(· | prefix), each position's loss is h(k+1)·ln 2 + E[KL] ≥ the floor, for any weights.
        var config = Tiny($"data.bos={(bos ? "true" : "false")}", $"model.d_vocab={(bos ? 3 : 2)}", "training.steps=150");
        using var trainer = new Trainer(config, RunDir(bos ? "bos" : "nobos"));
        var before = trainer.Evaluate(0);
        Assert.True(before.Exact);
        for (int t = 0; t < before.Loss.Count; t++) Assert.True(before.Loss[t] >= before.Floor[t] - 1e-6, $"position {t}");
        var after = trainer.Run().Evaluation;
        for (int t = 0; t < after.Loss.Count; t++) Assert.True(after.Loss[t] >= after.Floor[t] - 1e-6, $"position {t}");
        double gapBefore = before.Loss.Zip(before.Floor, (l, f) => l - f).Sum();
        double gapAfter = after.Loss.Zip(after.Floor, (l, f) => l - f).Sum();
        Assert.True(gapAfter < gapBefore / 2, $"gap {gapBefore} → {gapAfter}");
    }
}
