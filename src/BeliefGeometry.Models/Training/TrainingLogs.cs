using System.Collections.Immutable;
using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Opens a training log for a run of <paramref name="config"/>; returns null to stay out of it. <paramref name="resumeStep"/>
/// is the checkpoint's step when the run resumes (records after it are to be dropped), else null.
/// </summary>
public delegate ITrainingLog? TrainingLogFactory(RunDirectory run, ExperimentConfig config, long? resumeStep);

/// <summary>
/// The training logs every run writes to: <c>metrics.jsonl</c> first, <c>tensorboard/</c> unless
/// <c>training.tensorboard</c> is false, then the sinks registered here (one line:
/// <c>TrainingLogs.Register((run, config, resume) =&gt; new MySink(run))</c>).
/// </summary>
public static class TrainingLogs
{
    private static ImmutableList<TrainingLogFactory> _factories =
    [
        (run, _, resume) => resume is { } step ? MetricsLog.Resume(run.MetricsPath, step) : MetricsLog.Create(run.MetricsPath),
        (run, config, resume) => !config.Training.TensorBoard ? null
            : resume is { } step ? TensorBoardLog.Resume(run.TensorBoardPath, step) : TensorBoardLog.Create(run.TensorBoardPath),
    ];

    private static readonly Lock Gate = new();

    /// <summary>Adds a sink to every later run (registering the same factory twice does nothing).</summary>
    public static void Register(TrainingLogFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (Gate)
            if (!_factories.Contains(factory))
                _factories = _factories.Add(factory);
    }

    /// <summary>Every log of <paramref name="run"/>, a run of <paramref name="config"/>, as one.</summary>
    public static ITrainingLog Open(RunDirectory run, ExperimentConfig config, long? resumeStep)
    {
        var logs = new List<ITrainingLog>();
        try
        {
            foreach (var factory in _factories)
                if (factory(run, config, resumeStep) is { } log)
                    logs.Add(log);
        }
        catch
        {
            foreach (var log in logs) log.Dispose();
            throw;
        }
        return new All(logs);
    }

    private sealed class All(IReadOnlyList<ITrainingLog> logs) : ITrainingLog
    {
        public void OnTrain(TrainRecord record)
        {
            foreach (var log in logs) log.OnTrain(record);
        }

        public void OnEval(EvalRecord record)
        {
            foreach (var log in logs) log.OnEval(record);
        }

        public void Dispose()
        {
            foreach (var log in logs) log.Dispose();
        }
    }
}
