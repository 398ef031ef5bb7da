namespace BeliefGeometry.Models.Training;

/// <summary>
/// What a running <see cref="Trainer"/> reports after every step. <see cref="LossAboveFloor"/> is the batch loss
/// minus the mean per-position floor; <see cref="Evaluation"/> is set on the steps that evaluated.
/// </summary>
public sealed record TrainingProgress(
    long Step,
    long TotalSteps,
    long Tokens,
    double Loss,
    double LossAboveFloor,
    double LearningRate,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    EvaluationResult? Evaluation);
