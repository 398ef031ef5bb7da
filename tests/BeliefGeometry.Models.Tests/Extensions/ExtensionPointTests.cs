using System.Collections.Concurrent;
using System.Text.Json;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Models.Tests.Extensions;

/// <summary>
/// A new model family and a new metrics sink, each added with one registration line and no edit elsewhere,
/// go through the ordinary path: the experiment format, the trainer, the run directory.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ExtensionPointTests : IDisposable
{
    static ExtensionPointTests()
    {
        ModelFamilies.Register(ToyModel.Family);  // the one line a model family needs
        TrainingLogs.Register(ToySink.Open);      // the one line a metrics sink needs
    }

    private readonly string _root = Directory.CreateTempSubdirectory("belief-extension-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ExperimentConfig Toy(params string[] sets) => ExperimentFile.Parse(
        $$"""
        { "name": "toy", "seed": 1, "process": "golden_mean:p=0.5",
          "model": { "kind": "toy", "d_vocab": 2, "n_ctx": 4, "width": 3 },
          "training": { "lr": 0.05, "batch_size": 32, "steps": 60, "eval_every": 20, "checkpoint_every": 25, "threads": {{TorchCollection.Threads}} } }
        """, "experiment 'toy'", sets);

    [Fact]
    public void AToyFamilyIsReadWrittenAndCheckedLikeTheBuiltInOnes()
    {
        var config = Toy();
        Assert.Equal(new ToyConfig { DVocab = 2, NCtx = 4, Width = 3 }, config.Model.Shape);
        Assert.Equal((4, 2), (config.Model.NCtx, config.Model.DVocab));
        Assert.Equal(config, ExperimentFile.Parse(config.ToJson(), "config.json"));
        Assert.Contains("\"width\": 3", config.ToJson());
        Assert.Equal(4, ExperimentFile.Parse(config.ToJson().Replace("\"width\": 3,", "").Replace("\"width\": 3", ""), "t").Model.Shape is ToyConfig { Width: var w } ? w : 0);
        Assert.Equal("experiment 'toy', --set model.width=0: field 'model.width' is 0; allowed: an integer ≥ 1",
            Assert.Throws<ExperimentException>(() => Toy("model.width=0")).Message);
        Assert.Contains("field 'model.n_heads' does not apply to kind 'toy'; fields for toy: kind, d_vocab, n_ctx, width",
            Assert.Throws<ExperimentException>(() => Toy("model.n_heads=2")).Message);
        Assert.Contains("field 'model.d_vocab' is 3; allowed: 2", Assert.Throws<ExperimentException>(() => Toy("model.d_vocab=3")).Message);
        Assert.Contains(ExperimentSchema.MarkdownTables(), t => t.Section == "model/toy" && t.Table.Contains("| `width` | integer | `4` | ≥ 1; embedding width |"));
    }

    [Fact]
    public void AToyFamilyTrainsThroughTheOrdinaryPathAndItsSinkGetsEveryRecord()
    {
        string dir = Path.Combine(_root, "run");
        float[][] trained;
        using (var trainer = new Trainer(Toy(), dir) { StopAfterStep = 30 })
        {
            var before = trainer.Evaluate(0);
            Assert.IsType<ToyModel>(trainer.Model);
            Assert.Equal(30, trainer.Run().Step);
            Assert.True(trainer.Evaluate(30).MeanGap < before.MeanGap, "the toy model learns");
        }
        using (var trainer = new Trainer(Toy(), dir))
        {
            var result = trainer.Run(resume: true);
            Assert.Equal((30L, 60L), (result.ResumedFromStep, result.Step)); // stopping writes a checkpoint
            trained = [.. trainer.Model.parameters().Select(p => p.detach().data<float>().ToArray())];
        }
        using (var run = TrainedRun.Load(dir))
        {
            Assert.IsType<ToyModel>(run.Model);
            Assert.Equal(trained, run.Model.parameters().Select(p => p.detach().data<float>().ToArray()));
        }

        // The sink saw what metrics.jsonl holds: steps 1…60 once each across the stop and the resume, evals at 20, 40, 60.
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var sink = ToySink.Records[Path.GetFullPath(dir)];
        Assert.Equal(lines.Select(l => $"{l.GetProperty("kind").GetString()} {l.GetProperty("step").GetInt64()} {l.GetProperty(l.GetProperty("kind").GetString() == "train" ? "loss" : "mean_val_loss").GetDouble():R}"),
            sink.Kept());
        Assert.Equal(Enumerable.Range(1, 60).Select(s => $"train {s}"), sink.Kept().Where(r => r.StartsWith("train", StringComparison.Ordinal)).Select(r => string.Join(' ', r.Split(' ')[..2])));
        Assert.Equal(["eval 20", "eval 40", "eval 60"], sink.Kept().Where(r => r.StartsWith("eval", StringComparison.Ordinal)).Select(r => string.Join(' ', r.Split(' ')[..2])));
    }

    /// <summary>A toy metrics sink: keeps every record of every run in memory, by run directory.</summary>
    private sealed class ToySink(Log log) : ITrainingLog
    {
        public static readonly ConcurrentDictionary<string, Log> Records = new();

        public static ITrainingLog Open(RunDirectory run, ExperimentConfig config, long? resumeStep)
        {
            var log = Records.GetOrAdd(Path.GetFullPath(run.Path), _ => new Log());
            if (resumeStep is { } step) log.DropAfter(step);
            return new ToySink(log);
        }

        public void OnTrain(TrainRecord record) => log.Add(record.Step, $"train {record.Step} {record.Loss:R}");

        public void OnEval(EvalRecord record) => log.Add(record.Step, $"eval {record.Step} {record.Evaluation.MeanLoss:R}");

        public void Dispose() { }
    }

    private sealed class Log
    {
        private readonly List<(long Step, string Text)> _records = [];

        public void Add(long step, string text) { lock (_records) _records.Add((step, text)); }

        public void DropAfter(long step) { lock (_records) _records.RemoveAll(r => r.Step > step); }

        public List<string> Kept() { lock (_records) return [.. _records.Select(r => r.Text)]; }
    }
}
