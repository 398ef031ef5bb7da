using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Data;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Probing;
using D = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Data.DataConfig>;
using E = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Models.Experiments.ExperimentConfig>;
using P = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Probing.ProbeConfig>;
using T = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Models.Experiments.TrainingConfig>;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The experiment file format, each field declared once (docs/design.md section 4): its JSON name and type, the
/// allowed values, the README's meaning, and how to get and set it in its record. The default is the record's own.
/// <see cref="ExperimentFile"/> reads with it, <see cref="ExperimentConfig.ToJson"/> writes <c>config.json</c> with it,
/// and <see cref="MarkdownTables"/> gives the tables of <c>experiments/README.md</c>.
/// </summary>
public static class ExperimentSchema
{
    /// <summary>Most threads <c>training.threads</c> may ask for (more only queue up; 100,000 would hang creating them).</summary>
    public const int MaxThreads = 256;

    /// <summary>Most target tokens a step may hold (<c>batch_size × n_ctx</c>): the activations kept for the backward pass grow with it.</summary>
    public const long MaxTokensPerStep = 1 << 18;

    /// <summary>
    /// Most parameters a model may have, and most activation floats a step may keep for the backward pass: 2²⁶, so
    /// weights, gradients and Adam's two moments stay within 1 GiB, and so do the activations.
    /// </summary>
    public const long MaxModelElements = 1L << 26;

    /// <summary>Most folds of the probe's k-fold cross-validation when the run is probed (each fold refits every probe: 1,000 took minutes and gigabytes).</summary>
    public const int MaxFolds = 100;

    /// <summary>Longest Markov order of the baselines (the last-m-token one-hot features grow as Σ V^j, j ≤ m).</summary>
    public const int MaxMarkovOrder = 6;

    /// <summary>Most one-hot columns of the last-m-token baseline (Σ_{j≤m} V^j), as ProbeTargets allows.</summary>
    public const int MaxMarkovColumns = 1 << 16;

    /// <summary>Most numbers the last-m-token baseline may hold over all prefixes: 2³⁰ floats, 4 GiB.</summary>
    public const double MaxMarkovFeatureFloats = 1 << 30;

    /// <summary>Adam's (β₁, β₂): a two-number array, each in [0, 1).</summary>
    private static FieldType<(double Beta1, double Beta2)> Betas { get; } = new("[number, number]", "two numbers in [0, 1), e.g. [0.9, 0.999]",
        (JsonNode n, out (double, double) v) =>
        {
            v = default;
            if (n is not JsonArray { Count: 2 } array
                || !FieldTypes.TryNumber(array[0], out double b1) || b1 is < 0 or >= 1
                || !FieldTypes.TryNumber(array[1], out double b2) || b2 is < 0 or >= 1)
                return false;
            v = (b1, b2);
            return true;
        }, v => new JsonArray(v.Beta1, v.Beta2));

    public static ConfigSchema<DataConfig> Data { get; } = new(new DataConfig(),
    [
        D.Of("mode", FieldTypes.Choice(DataConfig.Modes), c => c.Mode, (c, v) => c with { Mode = v },
            "`\"exact\"`: every word of length n_ctx+1 with its probability, batches drawn by probability (the paper's choice). `\"stream\"`: sequences sampled from the process with a seeded RNG, starting from the stationary distribution"),
        D.Of("bos", FieldTypes.Bool, c => c.Bos, (c, v) => c with { Bos = v },
            "prepend a BOS token; its id is the process's token count, so `model.d_vocab` must be one more than that"),
    ]);

    public static ConfigSchema<TrainingConfig> Training { get; } = new(new TrainingConfig(),
    [
        T.Of("optimizer", FieldTypes.Choice(TrainingConfig.Optimizers), c => c.Optimizer, (c, v) => c with { Optimizer = v },
            "`\"adam\"`, `\"adamw\"` (decoupled weight decay), `\"sgd\"`"),
        T.Of("lr", FieldTypes.Number("a number > 0", x => x > 0), c => c.Lr, (c, v) => c with { Lr = v }, "> 0; peak learning rate"),
        T.Of("weight_decay", FieldTypes.Number("a number ≥ 0", x => x >= 0), c => c.WeightDecay, (c, v) => c with { WeightDecay = v },
            "≥ 0 (PyTorch's AdamW defaults to 0.01: set it explicitly)"),
        T.Of("momentum", FieldTypes.Number("a number in [0, 1)", x => x is >= 0 and < 1), c => c.Momentum, (c, v) => c with { Momentum = v },
            "in [0, 1); SGD only (must stay 0 with Adam and AdamW)"),
        T.Of("betas", Betas, c => c.Betas, (c, v) => c with { Betas = v }, "each in [0, 1); Adam and AdamW only (must stay the default with SGD)"),
        T.Of("batch_size", FieldTypes.Int(1), c => c.BatchSize, (c, v) => c with { BatchSize = v },
            $"≥ 1; sequences per step; `batch_size × n_ctx` at most {MaxTokensPerStep:N0} target tokens per step"),
        T.Of("steps", FieldTypes.OptionalInteger(1, "an integer ≥ 1, or null when training.tokens is given"), c => c.Steps, (c, v) => c with { Steps = v },
            "≥ 1; optimizer steps. Give exactly one of `steps` and `tokens`", defaultText: "—", omitNull: true),
        T.Of("tokens", FieldTypes.OptionalInteger(1, "an integer ≥ 1, or null when training.steps is given"), c => c.Tokens, (c, v) => c with { Tokens = v },
            "≥ 1; target tokens to train on; steps = ⌈tokens / (batch_size × n_ctx)⌉", defaultText: "—", omitNull: true),
        T.Of("warmup_steps", FieldTypes.Integer(0), c => c.WarmupSteps, (c, v) => c with { WarmupSteps = v }, "≥ 0; linear warm-up from 0 to `lr`"),
        T.Of("schedule", FieldTypes.Choice(TrainingConfig.Schedules), c => c.Schedule, (c, v) => c with { Schedule = v },
            "after warm-up: `\"constant\"`, or `\"cosine\"` (half a cosine from `lr` to 0 at the last step)"),
        T.Of("grad_clip", FieldTypes.OptionalNumber("a number > 0, or null for no clipping", x => x > 0), c => c.GradClip, (c, v) => c with { GradClip = v },
            "> 0; clip the global gradient L2 norm; `null` = no clipping"),
        T.Of("eval_every", FieldTypes.Integer(1), c => c.EvalEvery, (c, v) => c with { EvalEvery = v }, "≥ 1; steps between per-position validation losses in `metrics.jsonl`"),
        T.Of("checkpoint_every", FieldTypes.Integer(1), c => c.CheckpointEvery, (c, v) => c with { CheckpointEvery = v },
            "≥ 1; steps between checkpoints (one is always written at the end)"),
        T.Of("device", FieldTypes.Text("\"cpu\", \"cuda\" or \"cuda:N\"", IsDevice), c => c.Device, (c, v) => c with { Device = v },
            "`\"cpu\"`, `\"cuda\"`, `\"cuda:N\"` (needs a CUDA libtorch package)"),
        T.Of("threads", FieldTypes.OptionalInt(1, $"an integer ≥ 1 and ≤ {MaxThreads}, or null for every core", MaxThreads), c => c.Threads, (c, v) => c with { Threads = v },
            $"1 to {MaxThreads}; libtorch intra-op threads; `null` = every core"),
        T.Of("tensorboard", FieldTypes.Bool, c => c.TensorBoard, (c, v) => c with { TensorBoard = v },
            "also write the training and validation losses as TensorBoard event files in the run's `tensorboard/`; may change on `--resume`"),
    ], CheckTraining);

    public static ConfigSchema<ProbeConfig> Probe { get; } = new(new ProbeConfig(),
    [
        P.Of("train_fraction", FieldTypes.Number("a number in (0, 1)", x => x is > 0 and < 1), c => c.TrainFraction, (c, v) => c with { TrainFraction = v },
            "in (0, 1); share of the prefixes the held-out probe is fitted on (the paper: 20% train, 80% test)"),
        P.Of("folds", FieldTypes.Int(2), c => c.Folds, (c, v) => c with { Folds = v }, $"≥ 2 (at most {MaxFolds} when the run is probed); folds of the k-fold cross-validation"),
        P.Of("shuffle_control", FieldTypes.Bool, c => c.ShuffleControl, (c, v) => c with { ShuffleControl = v }, "also fit on shuffled targets as a control"),
        P.Of("ridge", FieldTypes.Bool, c => c.Ridge, (c, v) => c with { Ridge = v },
            "`true`: ridge with a cross-validated penalty for every probe. `false`: weighted least squares, except ridge (CV'd penalty, reported) for the concatenation of all layers and wherever the training rows' effective sample (Σw)²/Σw² is under 4 × features"),
        P.Of("published_protocol", FieldTypes.Bool, c => c.PublishedProtocol, (c, v) => c with { PublishedProtocol = v },
            "also probe a transformer under the published protocol (every word of length n_ctx at every position, equal weights, least squares scored in sample) into probe.published.json, beside its nulls"),
        P.Of("train_fraction_sweep", FieldTypes.Bool, c => c.TrainFractionSweep, (c, v) => c with { TrainFractionSweep = v },
            "also refit every belief probe on 20%, 50% and 80% of the prefixes (same λ, over the split seeds) and report its held-out R² for each"),
        P.Of("markov_order", FieldTypes.Int(1, MaxMarkovOrder), c => c.MarkovOrder, (c, v) => c with { MarkovOrder = v },
            $"1 to {MaxMarkovOrder}; the baselines \"the last m tokens\" (features) and the Markov-m belief (target) for m = 1…markov_order"),
        P.Of("feature_sets", FieldTypes.FeatureSets, c => c.FeatureSets, (c, v) => c with { FeatureSets = v },
            "further feature sets for the held-out probes: set name → hook points side by side (any hook point of the model, e.g. `blocks.0.attn.hook_z`); checked against the model when the run is probed"),
    ]);

    /// <summary>The whole file: the top-level fields, with the sections above and <c>model</c>.</summary>
    public static ConfigSchema<ExperimentConfig> Experiment { get; } = new(
        new ExperimentConfig { Name = "", Process = "", Model = ModelConfig.Of(TransformerConfig.Mess3Paper) },
        [
            E.Of("name", FieldTypes.Text("a name of letters, digits, '.', '_' and '-', at most 100 characters", IsName), c => c.Name, (c, v) => c with { Name = v },
                "at most 100 letters, digits, `.`, `_`, `-`; names the run", required: true),
            E.Of("seed", FieldTypes.Integer(0), c => c.Seed, (c, v) => c with { Seed = v }, "≥ 0; seeds initialisation, batches and probe splits"),
            E.Of("process", FieldTypes.Text("a process spec such as \"mess3:x=0.05,a=0.85\" (see 'belief processes') or a process JSON path", s => s.Trim().Length > 0),
                c => c.Process, (c, v) => c with { Process = v },
                "a catalog spec such as `mess3:x=0.05,a=0.85` (see `belief processes`), a product `mess3*z1r`, or a process JSON path (relative to the experiment file; `config.json` stores it absolute)",
                required: true),
            E.Section("data", Data, c => c.Data, (c, v) => c with { Data = v }, "all defaults"),
            new ModelField(),
            E.Section("training", Training, c => c.Training, (c, v) => c with { Training = v }, "defaults, but `steps` or `tokens` is required"),
            E.Section("probe", Probe, c => c.Probe, (c, v) => c with { Probe = v }, "all defaults"),
        ]);

    /// <summary>
    /// The README's tables by heading: <c>top</c>, <c>data</c>, <c>model/transformer</c>, <c>model/rnn</c>, …,
    /// <c>training</c>, <c>probe</c>; the model tables of <paramref name="families"/> (default: every registered one).
    /// </summary>
    public static IReadOnlyList<(string Section, string Table)> MarkdownTables(IEnumerable<ModelFamily>? families = null) =>
    [
        ("top", Experiment.MarkdownTable()),
        ("data", Data.MarkdownTable()),
        .. (families ?? ModelFamilies.All).Select(f => ("model/" + f.Kinds[0], f.MarkdownTable())),
        ("training", Training.MarkdownTable()),
        ("probe", Probe.MarkdownTable()),
    ];

    /// <summary>The first setting in which two configs differ (<c>training.lr: 0.001 → 0.5</c>), or null; fields in <paramref name="ignore"/> are skipped.</summary>
    public static string? FirstDifference(ExperimentConfig before, ExperimentConfig after, IReadOnlyCollection<string> ignore)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Difference(Experiment.Write(before), Experiment.Write(after), "", ignore);
    }

    private static string? Difference(JsonNode? a, JsonNode? b, string path, IReadOnlyCollection<string> ignore)
    {
        if (ignore.Contains(path))
            return null;
        if (a is JsonObject x && b is JsonObject y)
        {
            foreach (string key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                if (Difference(x[key], y[key], path.Length == 0 ? key : $"{path}.{key}", ignore) is { } found)
                    return found;
            return null;
        }
        return JsonNode.DeepEquals(a, b) ? null : $"{path}: {SectionContext.Render(a)} → {SectionContext.Render(b)}";
    }

    private static void CheckTraining(TrainingConfig t, SectionContext s)
    {
        string[] length = ["steps", "tokens"];
        if (t.Steps is null && t.Tokens is null)
            throw s.Error($"field '{s.Path("steps")}' is missing; allowed: an integer ≥ 1 (or give '{s.Path("tokens")}' instead)", length);
        if (t.Steps is not null && t.Tokens is not null)
            throw s.Error($"fields '{s.Path("steps")}' and '{s.Path("tokens")}' are both set; allowed: one of them (set the other to null)", length);
        if (t.Optimizer != "sgd" && t.Momentum != 0)
            throw s.Error(string.Create(CultureInfo.InvariantCulture,
                $"field '{s.Path("momentum")}' is {t.Momentum}; allowed: 0 with optimizer {t.Optimizer} (momentum is SGD's; Adam's are '{s.Path("betas")}')"), "momentum", "optimizer");
        if (t.Optimizer == "sgd" && t.Betas != new TrainingConfig().Betas)
            throw s.Error(string.Create(CultureInfo.InvariantCulture,
                $"field '{s.Path("betas")}' is [{t.Betas.Beta1}, {t.Betas.Beta2}]; allowed: the default [0.9, 0.999] with optimizer sgd (betas are Adam's; SGD's is '{s.Path("momentum")}')"), "betas", "optimizer");
    }

    /// <summary>A run's (or a sweep's) name: 1 to 100 letters, digits, '.', '_' and '-', not "." or "..".</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= 100 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsDevice(string device) =>
        device is "cpu" or "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && device.Length > 5 && device[5..].All(char.IsAsciiDigit));
}
