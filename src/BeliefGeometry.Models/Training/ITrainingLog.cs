namespace BeliefGeometry.Models.Training;

/// <summary>
/// Where a <see cref="Trainer"/> logs its records: <c>metrics.jsonl</c> (<see cref="MetricsLog"/>) and any sink
/// registered with <see cref="TrainingLogs.Register"/>. Records arrive in step order; a resumed run continues after
/// its checkpoint's step.
/// </summary>
public interface ITrainingLog : IDisposable
{
    /// <summary>After every optimizer step.</summary>
    void OnTrain(TrainRecord record);

    /// <summary>After every evaluation of the per-position validation loss.</summary>
    void OnEval(EvalRecord record);
}
