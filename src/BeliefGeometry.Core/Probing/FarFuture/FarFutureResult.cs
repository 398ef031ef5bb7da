namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// The far-future (geometric shuffle) test of a run (docs/design.md section 2.6). <see cref="FarFutureFraction"/> is
/// r, the exact fraction of belief variance in null(Eᵀ) over the prefixes' lengths (<c>TheoryReport.FarFutureFraction</c>);
/// with <see cref="NextTokenRank"/> = <see cref="States"/> it is 0, the next-token distribution determines the belief
/// and nothing is tested (<see cref="Shuffles"/> 0, no scores). Otherwise, besides the model's
/// <see cref="FeatureSets"/>, three references that do not depend on the model, all k-fold CV R²:
/// <see cref="NextTokenR2"/> (next-token distribution → beliefs), <see cref="NextTokenShuffledR2"/> (next-token
/// distribution → shuffled beliefs) and <see cref="BeliefShuffledR2"/> (beliefs → shuffled beliefs, 1 − r in
/// expectation up to the fit's finite-sample loss). <see cref="Seconds"/> is the test's wall time.
/// </summary>
public sealed record FarFutureResult(double FarFutureFraction, int NextTokenRank, int States, int Prefixes, int Shuffles, int Folds,
    ulong Seed, double? NextTokenR2, ShuffleDistribution? NextTokenShuffledR2, ShuffleDistribution? BeliefShuffledR2,
    IReadOnlyList<FarFutureScore> FeatureSets, double Seconds);
