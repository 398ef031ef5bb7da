namespace BeliefGeometry.Models.Training;

/// <summary>
/// A training run that failed for a reason other than its input (for example a loss that became NaN or ∞).
/// The message is one line; the CLI maps it to exit code 1.
/// </summary>
public sealed class TrainingException(string message) : Exception(message);
