using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Which rows a probe is scored on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Scoring>))]
public enum Scoring
{
    /// <summary>Fitted on the training split, scored on the held-out rows (the default).</summary>
    [JsonStringEnumMemberName("held_out")] HeldOut,

    /// <summary>k-fold cross-validation over every row.</summary>
    [JsonStringEnumMemberName("cross_validation")] CrossValidation,

    /// <summary>Fitted and scored on the same rows: an upper bound that a wide enough random projection also reaches.</summary>
    [JsonStringEnumMemberName("in_sample")] InSample,
}
