namespace BeliefGeometry.Reports.Figures;

/// <summary>Training loss against tokens seen, with optional validation points and the mean loss floor.</summary>
/// <param name="Tokens">Tokens seen at each training record.</param>
/// <param name="Loss">Training loss at each record, nats.</param>
/// <param name="FloorMean">Mean of the per-position floors, nats (the best achievable average loss).</param>
/// <param name="ValidationTokens">Tokens seen at each validation, or null.</param>
/// <param name="ValidationLoss">Mean validation loss at each validation, nats, or null.</param>
public sealed record TrainingCurve(
    IReadOnlyList<double> Tokens,
    IReadOnlyList<double> Loss,
    double FloorMean,
    IReadOnlyList<double>? ValidationTokens = null,
    IReadOnlyList<double>? ValidationLoss = null);
