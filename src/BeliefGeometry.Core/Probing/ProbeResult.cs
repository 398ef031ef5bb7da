using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>
/// One probe: features → target. <see cref="HeldOut"/> is fitted on the training rows and scored on the held-out
/// rows (with R² per prefix length); <see cref="CrossValidation"/> is k-fold over all prefixes (pooled sums of
/// squares over the folds; null when <see cref="ProbeSettings.CrossValidate"/> is off); <see cref="ShuffledHeldOutR2"/> is the same fit and held-out score with the targets
/// permuted across prefixes. <see cref="Penalty"/> is the ridge λ chosen by CV within the training rows (null
/// for least squares); <see cref="RidgeCvR2"/> the CV R² along <see cref="RidgeGrid"/>. <see cref="Coefficients"/>
/// is the held-out fit itself, ŷ = a + xB in the original (unstandardised) feature space: kept in memory and saved
/// as <c>.npy</c> (<see cref="ProbeCoefficientFiles"/>), not written to probe.json. <see cref="RandomNull"/> marks the
/// random-feature null of a width (<see cref="FeatureSetKind.RandomNull"/>; also a <see cref="Baseline"/>).
/// <see cref="HeldOutR2OverSplits"/> (belief target only) is the held-out R² on further seeded splits with the same
/// estimator and λ (<see cref="SplitSpread"/>): the spread a single split's number carries. <see cref="InSample"/> and
/// <see cref="ShuffledInSampleR2"/> are the fit on every row scored on the same rows (only under
/// <see cref="Scoring.InSample"/>); <see cref="DistanceR2"/> (belief target) compares pairwise distances of the predicted
/// beliefs with those of the true beliefs and of the next-token distributions, on the rows the protocol scores.
/// <see cref="RandomInit"/> (belief probes of the model's activations) is the same probe of the same architecture at
/// initialisation, untrained, under the protocol's leading score: what training added. <see cref="HeldOutR2ByTrainFraction"/>
/// (belief target) is the held-out R² when the probe is fitted on other shares of the prefixes (<see cref="ProbeSettings.TrainFractionSweep"/>).
/// </summary>
public sealed record ProbeResult(
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("feature_count")] int FeatureCount,
    [property: JsonPropertyName("baseline")] bool Baseline,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("target_dimension")] int TargetDimension,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("penalty")] double? Penalty,
    [property: JsonPropertyName("pseudo_inverse")] bool PseudoInverse,
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("train_rows")] int TrainRows,
    [property: JsonPropertyName("test_rows")] int TestRows,
    [property: JsonPropertyName("held_out")] ProbeScore HeldOut,
    [property: JsonPropertyName("cross_validation")] ProbeScore? CrossValidation,
    [property: JsonPropertyName("shuffled_held_out_r2")] double? ShuffledHeldOutR2,
    [property: JsonPropertyName("ridge_grid")] IReadOnlyList<double>? RidgeGrid = null,
    [property: JsonPropertyName("ridge_cv_r2")] IReadOnlyList<double?>? RidgeCvR2 = null,
    [property: JsonIgnore] LinearCoefficients? Coefficients = null,
    [property: JsonPropertyName("random_null")] bool RandomNull = false,
    [property: JsonPropertyName("held_out_r2_over_splits")] IReadOnlyList<double?>? HeldOutR2OverSplits = null,
    [property: JsonPropertyName("in_sample")] ProbeScore? InSample = null,
    [property: JsonPropertyName("shuffled_in_sample_r2")] double? ShuffledInSampleR2 = null,
    [property: JsonPropertyName("distance_r2")] DistanceCorrelation? DistanceR2 = null,
    [property: JsonPropertyName("random_init")] ProbeScore? RandomInit = null,
    [property: JsonPropertyName("held_out_r2_by_train_fraction")] IReadOnlyList<TrainFractionScore>? HeldOutR2ByTrainFraction = null)
{
    /// <summary>The score <paramref name="scoring"/> names (null for in sample when it was not computed).</summary>
    public ProbeScore? ScoreFor(Scoring scoring) => scoring switch
    {
        Scoring.HeldOut => HeldOut,
        Scoring.CrossValidation => CrossValidation,
        _ => InSample,
    };

    /// <summary>The shuffled-target control under <paramref name="scoring"/> (none for k-fold CV).</summary>
    public double? ShuffledR2For(Scoring scoring) => scoring switch
    {
        Scoring.HeldOut => ShuffledHeldOutR2,
        Scoring.InSample => ShuffledInSampleR2,
        _ => null,
    };
}
