namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// The far-future test at one feature set: k-fold CV R² of the beliefs, the mean and 5–95% band of R² over the shuffles
/// of the null-space part, and R² of the beliefs from the untrained model (NaN when not computed).
/// </summary>
public sealed record FarFuturePoint(string Features, double R2, double ShuffledMean, double ShuffledLow, double ShuffledHigh, double UntrainedR2);
