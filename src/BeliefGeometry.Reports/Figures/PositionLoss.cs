namespace BeliefGeometry.Reports.Figures;

/// <summary>Validation loss at each context position (nats) beside the theoretical floor for that position.</summary>
/// <param name="Loss">Model loss per position 0…n_ctx−1, nats.</param>
/// <param name="Floor">Loss floor per position (h(k+1)·ln 2 for k tokens seen), nats.</param>
/// <param name="LossLabel">Legend text of the model's line.</param>
public sealed record PositionLoss(IReadOnlyList<double> Loss, IReadOnlyList<double> Floor, string LossLabel = "Validation loss");
