using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Settings of a <see cref="Prober"/> run (the probe section of an experiment file).</summary>
public sealed record ProbeSettings
{
    /// <summary>The protocol these settings come from (<see cref="ProbeProtocols"/>): <c>heldout</c> (the default) or <c>published</c>.</summary>
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = ProbeProtocols.HeldOut;

    /// <summary>How rows are weighted: by prefix probability (the default) or as the published rows (<see cref="RowWeighting"/>).</summary>
    [JsonPropertyName("rows")] public RowWeighting Rows { get; init; } = RowWeighting.PrefixProbability;

    /// <summary>The score that leads: held out (the default), k-fold CV, or in sample (<see cref="Scoring"/>). Held-out and CV scores are computed whatever it is.</summary>
    [JsonPropertyName("scoring")] public Scoring Scoring { get; init; } = Scoring.HeldOut;

    /// <summary>Fraction of prefixes used to fit (the paper: 0.2); the rest are scored.</summary>
    [JsonPropertyName("train_fraction")] public double TrainFraction { get; init; } = 0.2;

    /// <summary>k of the k-fold CV (over all prefixes) and of the ridge-penalty CV (within the training rows).</summary>
    [JsonPropertyName("folds")] public int Folds { get; init; } = 5;

    [JsonPropertyName("seed")] public ulong Seed { get; init; }

    /// <summary>Also fit and score targets permuted across prefixes (a control that must give R² ≈ 0).</summary>
    [JsonPropertyName("shuffle_control")] public bool ShuffleControl { get; init; } = true;

    [JsonPropertyName("ridge")]
    [JsonConverter(typeof(RidgeModeJsonConverter))]
    public RidgeMode Ridge { get; init; } = RidgeMode.Auto;

    /// <summary>Penalty grid of the ridge CV; null = <see cref="RidgeCv.DefaultGrid"/>.</summary>
    [JsonPropertyName("ridge_grid")] public IReadOnlyList<double>? RidgeGrid { get; init; }

    /// <summary>Horizons k of the next-k-token distribution targets (1 = the next-token distribution).</summary>
    [JsonPropertyName("next_token_horizons")] public IReadOnlyList<int> NextTokenHorizons { get; init; } = [1, 2, 3];

    /// <summary>Orders m of the Markov-m belief targets and of the last-m-token baseline features.</summary>
    [JsonPropertyName("markov_orders")] public IReadOnlyList<int> MarkovOrders { get; init; } = [1, 2];

    /// <summary>Also probe the concatenation of all feature blocks (e.g. every layer).</summary>
    [JsonPropertyName("concatenate")] public bool Concatenate { get; init; } = true;

    /// <summary>The blocks to concatenate, by name; null = all of them.</summary>
    [JsonPropertyName("concatenation_of")] public IReadOnlyList<string>? ConcatenationOf { get; init; }

    /// <summary>The concatenation's name in the results.</summary>
    [JsonPropertyName("concatenation_name")] public string ConcatenationName { get; init; } = "concatenation";

    /// <summary>Also score every probe by k-fold CV over all rows (one refit per fold); the published protocol does not.</summary>
    [JsonPropertyName("cross_validate")] public bool CrossValidate { get; init; } = true;

    /// <summary>The blocks probed one by one, by name; null = all of them (a block left out may still be in a concatenation).</summary>
    [JsonPropertyName("probed")] public IReadOnlyList<string>? Probed { get; init; }

    /// <summary>Further named concatenations of blocks, each probed on its own statistics (e.g. the published twelve residual points).</summary>
    [JsonPropertyName("feature_sets")] public IReadOnlyList<NamedFeatureSet> FeatureSets { get; init; } = [];

    /// <summary>Most rows the distance correlation of a belief probe reads; above it a seeded sample of this many (its pairs grow as rows²).</summary>
    [JsonPropertyName("distance_rows")] public int DistanceRows { get; init; } = 3000;

    /// <summary>Also probe the baseline features: last-m-token one-hots and the next-token distribution.</summary>
    [JsonPropertyName("baselines")] public bool Baselines { get; init; } = true;

    /// <summary>Also probe random features of each width of the model's sets, fixed per prefix: the null a real score must beat.</summary>
    [JsonPropertyName("random_null")] public bool RandomNull { get; init; } = true;

    /// <summary>Further seeded splits on which every belief probe is refitted (same λ) and rescored, for the spread of its held-out R²; 0 = none.</summary>
    [JsonPropertyName("split_seeds")] public int SplitSeeds { get; init; } = 10;

    /// <summary>Further training fractions at which every belief probe is refitted (same λ) and scored held out, on max(1, <see cref="SplitSeeds"/>) seeded splits each; empty = none.</summary>
    [JsonPropertyName("train_fraction_sweep")] public IReadOnlyList<double> TrainFractionSweep { get; init; } = [];

    [JsonPropertyName("threads")] public int Threads { get; init; } = 2;
}
