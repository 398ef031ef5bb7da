namespace BeliefGeometry.Models.Training;

/// <summary>The outcome of <see cref="Trainer.Run"/>.</summary>
/// <param name="RunDirectory">The run directory.</param>
/// <param name="Step">Optimizer steps done (equal to the run's total unless it was stopped early).</param>
/// <param name="Tokens">Target tokens trained on.</param>
/// <param name="FinalLoss">Loss of the last training batch (nats); NaN when no step ran in this call.</param>
/// <param name="Evaluation">The last evaluation (always done at the end).</param>
/// <param name="ResumedFromStep">The checkpoint step the run resumed from, or <c>null</c> for a fresh start.</param>
public sealed record TrainingResult(string RunDirectory, long Step, long Tokens, double FinalLoss, EvaluationResult Evaluation, long? ResumedFromStep);
