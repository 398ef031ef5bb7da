namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// One setting of a sweep in <see cref="SweepScoreFigure"/>: its name and, per seed, the held-out belief R² of the
/// trained model, of the same model untrained and of the Markov-order baseline (NaN where missing).
/// </summary>
public sealed record SweepScores(string Setting, IReadOnlyList<double> Trained, IReadOnlyList<double> Untrained, IReadOnlyList<double> Baseline);
