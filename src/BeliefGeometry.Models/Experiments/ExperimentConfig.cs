using System.Text.Json;
using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// One experiment: process, data, model, training and probe settings (DESIGN.md sections 2 and 4). Read and
/// validated by <see cref="ExperimentFile"/>; <see cref="ToJson"/> writes it back with every default filled in
/// (the run directory's <c>config.json</c>), and that text parses to an equal record.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Name of the experiment (letters, digits, '.', '_' and '-'; it may name a run directory).</summary>
    public required string Name { get; init; }

    /// <summary>Seed of every random choice (initialisation, batches, probe splits), ≥ 0; default 0.</summary>
    public long Seed { get; init; }

    /// <summary>A process spec as <c>ProcessCatalog.Resolve</c> takes it: <c>mess3:x=0.05,a=0.85</c>, a product, or a process JSON path (relative to the working directory).</summary>
    public required string Process { get; init; }

    /// <summary>How words are drawn; defaults: exact enumeration, no BOS.</summary>
    public DataConfig Data { get; init; } = new();

    /// <summary>The model (required).</summary>
    public required ModelConfig Model { get; init; }

    /// <summary>Optimizer and schedule; see <see cref="TrainingConfig"/> for the defaults.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Probe settings; see <see cref="ProbeConfig"/> for the defaults.</summary>
    public ProbeConfig Probe { get; init; } = new();

    /// <summary>Target tokens per optimizer step: batch_size × n_ctx (every position has one target, with or without BOS).</summary>
    public long TokensPerStep => (long)Training.BatchSize * Model.NCtx;

    /// <summary>Optimizer steps of the run: <c>training.steps</c>, or ⌈tokens / (batch_size × n_ctx)⌉.</summary>
    public long TotalSteps => Training.Steps ?? Math.Max(1, (Training.Tokens!.Value + TokensPerStep - 1) / TokensPerStep);

    /// <summary>The fully resolved config as indented JSON, with snake_case names and every default written out.</summary>
    public string ToJson() => ToJsonNode().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    internal JsonObject ToJsonNode()
    {
        var model = new JsonObject { ["kind"] = Model.Kind };
        if (Model.Transformer is { } t)
        {
            model["n_layers"] = t.NLayers;
            model["d_model"] = t.DModel;
            model["n_heads"] = t.NHeads;
            model["d_head"] = t.DHead;
            model["d_mlp"] = t.DMlp;
            model["d_vocab"] = t.DVocab;
            model["n_ctx"] = t.NCtx;
            model["act_fn"] = t.ActFn;
            model["normalization_type"] = t.NormalizationType;
            model["eps"] = t.Eps;
            model["initializer_range"] = t.InitializerRange;
        }
        else if (Model.Recurrent is { } r)
        {
            model["hidden_size"] = r.HiddenSize;
            model["n_layers"] = r.NLayers;
            model["d_vocab"] = r.DVocab;
            model["n_ctx"] = r.NCtx;
            model["d_embed"] = r.DEmbed;
            model["nonlinearity"] = r.Nonlinearity;
        }
        var training = new JsonObject
        {
            ["optimizer"] = Training.Optimizer,
            ["lr"] = Training.Lr,
            ["weight_decay"] = Training.WeightDecay,
            ["momentum"] = Training.Momentum,
            ["betas"] = new JsonArray(Training.Betas.Beta1, Training.Betas.Beta2),
            ["batch_size"] = Training.BatchSize,
        };
        // Exactly one of steps and tokens is set; only that one is written (an absent field and null mean the same).
        if (Training.Steps is { } steps) training["steps"] = steps;
        if (Training.Tokens is { } tokens) training["tokens"] = tokens;
        training["warmup_steps"] = Training.WarmupSteps;
        training["schedule"] = Training.Schedule;
        training["grad_clip"] = Training.GradClip;
        training["eval_every"] = Training.EvalEvery;
        training["checkpoint_every"] = Training.CheckpointEvery;
        training["device"] = Training.Device;
        training["threads"] = Training.Threads;
        return new JsonObject
        {
            ["name"] = Name,
            ["seed"] = Seed,
            ["process"] = Process,
            ["data"] = new JsonObject { ["mode"] = Data.Mode, ["bos"] = Data.Bos },
            ["model"] = model,
            ["training"] = training,
            ["probe"] = new JsonObject
            {
                ["train_fraction"] = Probe.TrainFraction,
                ["folds"] = Probe.Folds,
                ["shuffle_control"] = Probe.ShuffleControl,
                ["ridge"] = Probe.Ridge,
            },
        };
    }
}
