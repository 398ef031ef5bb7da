using System.Diagnostics;
using System.Globalization;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Trains the model of an experiment into a run directory (docs/design.md sections 2 and 4): batches from exact words
/// drawn by probability or from a seeded stream, cross-entropy in nats averaged over batch and positions, Adam/AdamW/SGD
/// with linear warm-up then a constant or cosine learning rate, optional gradient-norm clipping. Every
/// <c>eval_every</c> steps and at the end, the per-position validation loss (<see cref="ValidationSet"/>) beside the
/// per-position floor h(k+1)·ln 2 (BOS-aware). Checkpoints every <c>checkpoint_every</c> steps and at the end; with
/// <c>resume</c> a run continues from its last checkpoint and ends with the same weights as an uninterrupted run.
/// Deterministic given the seed (on one machine and thread count).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly ISequenceModel _model;
    private readonly OptimizerHelper _optimizer;
    private readonly TrainingBatches _batches;
    private readonly ValidationSet _validation;
    private readonly Device _device;

    /// <summary>Builds process, data, model and optimizer for <paramref name="config"/>; nothing is written yet.</summary>
    public Trainer(ExperimentConfig config, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        Config = config;
        Directory = new RunDirectory(runDirectory);
        var training = config.Training;
        TorchRuntime.Initialize(training.Threads ?? Environment.ProcessorCount);
        _device = TorchDevices.Parse(training.Device);

        var process = ProcessCatalog.Resolve(config.Process);
        Layout = new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos);
        if (Layout.VocabularySize != config.Model.DVocab)
            throw new InputException($"experiment '{config.Name}': model.d_vocab is {config.Model.DVocab}; the process {process.Name} needs {Layout.VocabularySize}");
        Floor = ProcessTheory.LossFloor(process, Layout);

        _batches = new TrainingBatches(process, Layout, config.Data.Mode, training.BatchSize, DataSeed(config.Seed));
        _validation = ValidationSet.Create(process, Layout, _batches.Exact, ValidationSeed(config.Seed));
        _model = SequenceModels.Create(config.Model, config.Seed);
        if (_device.type != DeviceType.CPU) Module.to(_device);
        _optimizer = CreateOptimizer(training, _model.parameters());
    }

    public ExperimentConfig Config { get; }
    public RunDirectory Directory { get; }
    public SequenceLayout Layout { get; }

    /// <summary>The model being trained (its weights are those of the last step run).</summary>
    public ISequenceModel Model => _model;

    /// <summary>Per-position loss floor (nats) of the run's layout.</summary>
    public IReadOnlyList<double> Floor { get; }

    /// <summary>Optimizer steps of the whole run.</summary>
    public long TotalSteps => Config.TotalSteps;

    /// <summary>
    /// Stop after this step (writing a checkpoint) instead of running to the end, as if the run had been
    /// interrupted there; <c>null</c> (default) runs to the end.
    /// </summary>
    public long? StopAfterStep { get; init; }

    /// <summary>Settings a resumed run may change: where and on how many threads it runs and whether it writes TensorBoard files, not what it computes.</summary>
    public static IReadOnlyCollection<string> ResumableSettings { get; } = ["training.device", "training.threads", "training.tensorboard"];

    private nn.Module Module => (nn.Module)_model;

    /// <summary>
    /// Runs (or with <paramref name="resume"/> continues) training. Without <paramref name="resume"/> the run directory
    /// must be absent or empty. Throws <see cref="InputException"/> for a directory that cannot be used and
    /// <see cref="TrainingException"/> when the loss becomes NaN or infinite (the last good checkpoint is kept).
    /// </summary>
    public TrainingResult Run(bool resume = false, Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (File.Exists(Directory.ImportPath))
            throw new InputException($"run directory '{Directory.Path}' holds an imported model ({RunDirectory.ImportFileName}): it was not trained here and has no checkpoint to resume; choose another --out");
        long step = 0;
        long? resumedFrom = null;
        ITrainingLog metrics;
        string configJson = Config.ToJson();
        if (resume && File.Exists(Directory.ConfigPath))
        {
            // The parsed settings, not the text: a config.json written before a field with a default existed still resumes.
            var written = ExperimentFile.Load(Directory.ConfigPath);
            if (ExperimentSchema.FirstDifference(written, Config, ResumableSettings) is { } difference)
                throw new InputException($"run directory '{Directory.Path}': its config.json differs from the experiment as given (with its --set overrides) in {difference}; resume with the same settings or choose another --out");
            if (File.Exists(Directory.LatestCheckpointPath))
            {
                var header = Checkpoint.Load(Directory.LatestCheckpointPath, Module, _optimizer);
                _batches.SetRandomState(header.RandomState);
                step = header.Step;
                resumedFrom = step;
            }
            System.IO.Directory.CreateDirectory(Directory.CheckpointsPath);
            metrics = TrainingLogs.Open(Directory, Config, step);
        }
        else
        {
            if (Directory.IsNonEmpty)
                throw new InputException(resume
                    ? $"run directory '{Directory.Path}' is not empty and has no {RunDirectory.ConfigFileName}, so it is not a run to resume; choose an absent or empty --out"
                    : $"run directory '{Directory.Path}' is not empty; pass --resume to continue that run, or choose another --out");
            System.IO.Directory.CreateDirectory(Directory.CheckpointsPath);
            AtomicFile.WriteText(Directory.ConfigPath, configJson);
            metrics = TrainingLogs.Open(Directory, Config, null);
        }

        using (metrics)
            return Loop(step, resumedFrom, metrics, progress, cancellation);
    }

    private TrainingResult Loop(long step, long? resumedFrom, ITrainingLog metrics, Action<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var training = Config.Training;
        long total = TotalSteps, stop = Math.Min(total, StopAfterStep ?? total);
        long tokensPerStep = Config.TokensPerStep;
        int batch = training.BatchSize, n = Layout.ContextLength;
        double meanFloor = Floor.Average();
        var inputs = new int[checked(batch * n)];
        var targets = new int[checked(batch * n)];
        var trainingStep = new TrainingStep(_model, _optimizer, batch, n, Layout.VocabularySize, training.GradClip, _device);
        long firstStep = step;
        double loss = double.NaN;
        EvaluationResult? evaluation = null;
        var clock = Stopwatch.StartNew();
        var trainTime = new Stopwatch();
        ((nn.Module)_model).train();

        while (step < stop && !cancellation.IsCancellationRequested)
        {
            trainTime.Start();
            double lr = LearningRateSchedule.At(training, step, total);
            foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;
            _batches.Next(inputs, targets);
            loss = trainingStep.Run(inputs, targets);
            if (!double.IsFinite(loss))
                throw Diverged(step + 1, loss);
            trainTime.Stop();
            step++;
            long tokens = step * tokensPerStep;
            double tokensPerSecond = (step - firstStep) * tokensPerStep / Math.Max(trainTime.Elapsed.TotalSeconds, 1e-9);
            metrics.OnTrain(new TrainRecord(step, tokens, loss, lr, tokensPerSecond));

            EvaluationResult? now = null;
            if (step % training.EvalEvery == 0 || step == total)
            {
                now = evaluation = Evaluate(step);
                metrics.OnEval(new EvalRecord(tokens, now));
            }
            if (step % training.CheckpointEvery == 0 || step == stop)
                SaveCheckpoint(Directory.LatestCheckpointPath, step);
            if (step == total)
            {
                SaveCheckpoint(Directory.FinalCheckpointPath, step);
                ModelExport.Save(_model, Config, Directory.Path);
            }

            if (progress is not null)
            {
                double perStep = trainTime.Elapsed.TotalSeconds / (step - firstStep);
                progress(new TrainingProgress(step, total, tokens, loss, loss - meanFloor, lr, tokensPerSecond, clock.Elapsed,
                    TimeSpan.FromSeconds(perStep * (total - step)), now));
            }
        }

        if (step > firstStep && step % training.CheckpointEvery != 0 && step != stop)
            SaveCheckpoint(Directory.LatestCheckpointPath, step); // cancelled
        if (evaluation is null || evaluation.Step != step)
            evaluation = Evaluate(step);
        return new TrainingResult(Directory.Path, step, step * tokensPerStep, loss, evaluation, resumedFrom);
    }

    /// <summary>Per-position validation loss of the current model beside the floor.</summary>
    public EvaluationResult Evaluate(long step)
    {
        ((nn.Module)_model).eval();
        try { return new EvaluationResult(step, _validation.PerPositionLoss(_model, _device), Floor, _validation.IsExact); }
        finally { ((nn.Module)_model).train(); }
    }

    private void SaveCheckpoint(string path, long step) =>
        Checkpoint.Save(path, new Checkpoint.Header(step, step * Config.TokensPerStep, _batches.GetRandomState()), Module, _optimizer);

    private TrainingException Diverged(long step, double loss)
    {
        string kept = File.Exists(Directory.LatestCheckpointPath)
            ? $"the last good checkpoint is '{Directory.LatestCheckpointPath}' (step {Checkpoint.ReadHeader(Directory.LatestCheckpointPath).Step})"
            : "no checkpoint had been written yet";
        string value = double.IsNaN(loss) ? "NaN" : loss.ToString(CultureInfo.InvariantCulture);
        return new TrainingException(
            $"training diverged at step {step}: the loss is {value}; {kept}; try a smaller training.lr or set training.grad_clip");
    }

    private static OptimizerHelper CreateOptimizer(TrainingConfig t, IEnumerable<Parameter> parameters) => t.Optimizer switch
    {
        "adam" => optim.Adam(parameters, lr: t.Lr, beta1: t.Betas.Beta1, beta2: t.Betas.Beta2, weight_decay: t.WeightDecay),
        "adamw" => optim.AdamW(parameters, lr: t.Lr, beta1: t.Betas.Beta1, beta2: t.Betas.Beta2, weight_decay: t.WeightDecay),
        "sgd" => optim.SGD(parameters, learningRate: t.Lr, momentum: t.Momentum, weight_decay: t.WeightDecay),
        _ => throw new InputException($"training.optimizer '{t.Optimizer}' is unknown; allowed: {string.Join(", ", TrainingConfig.Optimizers)}"),
    };

    private static ulong DataSeed(long seed) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);

    /// <summary>The seed of the validation sample (when the inputs are too many to evaluate exactly) of a run seeded with <paramref name="seed"/>.</summary>
    internal static ulong ValidationSeed(long seed) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0xD1B54A32D192ED03UL);

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }
}
