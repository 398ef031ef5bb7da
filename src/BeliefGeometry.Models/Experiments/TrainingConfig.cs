using System.Text.Json.Serialization;

namespace BeliefGeometry.Models.Experiments;

/// <summary>Optimizer, schedule and bookkeeping of a training run. Exactly one of <see cref="Steps"/> and <see cref="Tokens"/> is set.</summary>
public sealed record TrainingConfig
{
    /// <summary>Allowed values of <see cref="Optimizer"/>.</summary>
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "adamw", "sgd"];

    /// <summary>Allowed values of <see cref="Schedule"/>.</summary>
    public static readonly IReadOnlyList<string> Schedules = ["constant", "cosine"];

    /// <summary><c>"adam"</c> (default), <c>"adamw"</c> (decoupled weight decay) or <c>"sgd"</c>.</summary>
    [JsonPropertyName("optimizer")] public string Optimizer { get; init; } = "adam";

    /// <summary>Peak learning rate, &gt; 0; default 1e-3.</summary>
    [JsonPropertyName("lr")] public double Lr { get; init; } = 1e-3;

    /// <summary>Weight decay, ≥ 0; default 0 (note: PyTorch's AdamW defaults to 0.01, set it explicitly).</summary>
    [JsonPropertyName("weight_decay")] public double WeightDecay { get; init; }

    /// <summary>SGD momentum, 0 ≤ m &lt; 1; default 0. Must stay 0 with Adam and AdamW (an experiment file setting it is refused).</summary>
    [JsonPropertyName("momentum")] public double Momentum { get; init; }

    /// <summary>Adam's (β₁, β₂), each in [0, 1); default (0.9, 0.999). JSON: a two-number array. Must stay the default with SGD.</summary>
    [JsonIgnore] public (double Beta1, double Beta2) Betas { get; init; } = (0.9, 0.999);

    /// <summary>Sequences per step, ≥ 1; default 256; batch_size × n_ctx at most <see cref="ExperimentSchema.MaxTokensPerStep"/>.</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 256;

    /// <summary>Optimizer steps, ≥ 1; or <c>null</c> when the length is given by <see cref="Tokens"/>.</summary>
    [JsonPropertyName("steps")] public long? Steps { get; init; }

    /// <summary>
    /// Target tokens to train on (batch_size × n_ctx per step), ≥ 1; or <c>null</c> when the length is given by
    /// <see cref="Steps"/>. Converted to steps by <see cref="ExperimentConfig.TotalSteps"/>, rounding up.
    /// </summary>
    [JsonPropertyName("tokens")] public long? Tokens { get; init; }

    /// <summary>Steps of linear warm-up from 0 to <see cref="Lr"/>, ≥ 0; default 0.</summary>
    [JsonPropertyName("warmup_steps")] public long WarmupSteps { get; init; }

    /// <summary>After warm-up: <c>"constant"</c> (default) or <c>"cosine"</c> (half a cosine from lr down to 0 at the last step).</summary>
    [JsonPropertyName("schedule")] public string Schedule { get; init; } = "constant";

    /// <summary>Clip the global gradient L2 norm to this value, &gt; 0; default <c>null</c> (no clipping).</summary>
    [JsonPropertyName("grad_clip")] public double? GradClip { get; init; }

    /// <summary>Steps between evaluations of the per-position validation loss, ≥ 1; default 250.</summary>
    [JsonPropertyName("eval_every")] public long EvalEvery { get; init; } = 250;

    /// <summary>Steps between checkpoints (one is always written at the end), ≥ 1; default 1000.</summary>
    [JsonPropertyName("checkpoint_every")] public long CheckpointEvery { get; init; } = 1000;

    /// <summary><c>"cpu"</c> (default), <c>"cuda"</c> or <c>"cuda:N"</c> (needs a CUDA libtorch package).</summary>
    [JsonPropertyName("device")] public string Device { get; init; } = "cpu";

    /// <summary>libtorch intra-op threads, 1 to <see cref="ExperimentSchema.MaxThreads"/>; default <c>null</c> (libtorch's choice: every core).</summary>
    [JsonPropertyName("threads")] public int? Threads { get; init; }

    /// <summary>Write TensorBoard event files to <c>tensorboard/</c> in the run directory (<see cref="BeliefGeometry.Models.Training.TensorBoardLog"/>); default true.</summary>
    [JsonPropertyName("tensorboard")] public bool TensorBoard { get; init; } = true;
}
