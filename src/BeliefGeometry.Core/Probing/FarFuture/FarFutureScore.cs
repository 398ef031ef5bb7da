namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// The far-future test at one feature set of the model (a hook point or the concatenation): k-fold CV R² of the
/// belief, of the shuffled beliefs (<see cref="ShuffledR2"/>, one per shuffle) and of the belief from the same hook of
/// the untrained model (<see cref="UntrainedR2"/>, null when not given), all with the estimator the probe uses for
/// the set (<see cref="Method"/>: <c>"wls"</c>, or <c>"ridge_cv"</c> with the <see cref="Penalty"/> chosen on the
/// real beliefs and kept for every shuffle). <see cref="PValue"/> is <see cref="ShuffleDistribution.PValue"/> of
/// <see cref="R2"/>: small when the features carry the part of the belief beyond the next token.
/// </summary>
public sealed record FarFutureScore(string Features, int FeatureCount, bool Concatenation, string Method, double? Penalty,
    double? R2, ShuffleDistribution ShuffledR2, double? UntrainedR2, double PValue);
