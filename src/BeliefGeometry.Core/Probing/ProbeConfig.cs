using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Settings of the linear probes from activations to beliefs (docs/design.md section 2).</summary>
public sealed record ProbeConfig
{
    /// <summary>Fraction of the prefixes in the held-out split's training part, 0 &lt; f &lt; 1; default 0.2 (the paper: 20% train, 80% test).</summary>
    [JsonPropertyName("train_fraction")] public double TrainFraction { get; init; } = 0.2;

    /// <summary>Folds of the k-fold cross-validation, at least 2; default 5.</summary>
    [JsonPropertyName("folds")] public int Folds { get; init; } = 5;

    /// <summary>Also fit a probe on shuffled targets as a control (its R² should be near 0); default <c>true</c>.</summary>
    [JsonPropertyName("shuffle_control")] public bool ShuffleControl { get; init; } = true;

    /// <summary>Ridge regression with a cross-validated penalty instead of plain weighted least squares; default <c>false</c>.</summary>
    [JsonPropertyName("ridge")] public bool Ridge { get; init; }

    /// <summary>Also probe under the published protocol (<see cref="ProbeProtocols.Published"/>) into <c>probe.published.json</c>; default <c>false</c>.</summary>
    [JsonPropertyName("published_protocol")] public bool PublishedProtocol { get; init; }

    /// <summary>Also score every belief probe held out when fitted on 20%, 50% and 80% of the prefixes (<see cref="ProbeSettings.TrainFractionSweep"/>); default <c>false</c>.</summary>
    [JsonPropertyName("train_fraction_sweep")] public bool TrainFractionSweep { get; init; }

    /// <summary>
    /// The longest Markov order m of the baselines: the Markov-m belief targets and last-m-token features for m = 1…this
    /// (<see cref="ProbeSettings.MarkovOrders"/>); default 2.
    /// </summary>
    [JsonPropertyName("markov_order")] public int MarkovOrder { get; init; } = 2;

    /// <summary>Further feature sets probed under the held-out protocol, each the named hook points side by side; default none.</summary>
    [JsonPropertyName("feature_sets")] public NamedFeatureSets FeatureSets { get; init; } = NamedFeatureSets.None;
}
