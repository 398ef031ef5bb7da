using System.Globalization;
using System.Text.Json.Nodes;
using BeliefGeometry.Json;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// The config of a model to import, as JSON with TransformerLens's <c>HookedTransformerConfig</c> names —
/// <c>n_layers</c>, <c>d_model</c>, <c>n_heads</c>, <c>d_head</c>, <c>d_vocab</c>, <c>n_ctx</c>, <c>act_fn</c>, and optionally
/// <c>d_mlp</c> (default 4 × d_model, as in epsilon-transformers' <c>train_config.json</c>), <c>normalization_type</c>
/// (default "LN"), <c>eps</c>, <c>initializer_range</c> — read into the <see cref="TransformerConfig"/> it describes
/// (<paramref name="Model"/>) with every field as given (<paramref name="Fields"/>). Strict: settings the model cannot
/// honour (<c>attn_only</c>: true, <c>use_attn_scale</c>: false, an <c>attention_dir</c> other than "causal", …) and
/// fields it does not know are refused with one line naming the field, rather than ignored; training settings
/// (<see cref="TrainingFields"/>) are kept in <paramref name="Fields"/> and do not affect the model.
/// </summary>
public sealed record TransformerLensConfig(TransformerConfig Model, JsonObject Fields)
{
    /// <summary>Largest config file read.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Fields about how the model was trained or named, not what it computes: accepted and kept, not used.</summary>
    public static IReadOnlyList<string> TrainingFields { get; } =
        ["seed", "optimizer", "learning_rate", "batch_size", "n_iters", "num_epochs", "weight_decay", "init_weights", "init_mode", "model_name", "n_params", "device", "dtype"];

    private static readonly string[] Required = ["n_layers", "d_model", "n_heads", "d_head", "d_vocab", "n_ctx", "act_fn"];

    private static readonly string[] Optional = ["d_mlp", "normalization_type", "eps", "initializer_range"];

    /// <summary>TransformerLens settings this model has one value of, with the value it must have and why.</summary>
    private static readonly (string Field, JsonNode Value, string Why)[] Fixed =
    [
        ("attn_only", false, "every block has an MLP"),
        ("use_attn_scale", true, "attention scores are scaled by 1/√d_head"),
        ("attention_dir", "causal", "attention looks only at earlier positions"),
        ("positional_embedding_type", "standard", "a learned positional embedding W_pos"),
        ("parallel_attn_mlp", false, "the MLP reads the stream after attention"),
        ("gated_mlp", false, "the MLP is W_in, act_fn, W_out"),
        ("final_rms", false, "the final normalisation is normalization_type's"),
        ("use_local_attn", false, "attention sees the whole context"),
    ];

    /// <summary>Every field the reader knows.</summary>
    public static IReadOnlyList<string> KnownFields { get; } =
        [.. Required, .. Optional, .. Fixed.Select(f => f.Field), "d_vocab_out", "attn_scale", .. TrainingFields];

    /// <summary>Reads the config file at <paramref name="path"/>.</summary>
    public static TransformerLensConfig Read(string path)
    {
        string source = $"config '{Abbreviation.OfPath(path)}'";
        return Parse(BoundedFile.ReadText(path, MaxFileBytes, source, "a TransformerLens config", m => new InputException(m)), source);
    }

    /// <summary>Parses config JSON; <paramref name="source"/> (e.g. <c>config 'x.json'</c>) starts every error message.</summary>
    public static TransformerLensConfig Parse(string json, string source)
    {
        JsonObject fields;
        using (var document = StrictJson.Parse(json, source, m => new InputException(m)))
            fields = JsonNode.Parse(document.RootElement.GetRawText()) as JsonObject
                ?? throw new InputException($"{source}: the top level must be a JSON object with fields {string.Join(", ", Required)}");
        InputException Field(string name, string allowed) =>
            new($"{source}: field '{name}' is {(fields.TryGetPropertyValue(name, out var v) ? v?.ToJsonString() ?? "null" : "missing")}; allowed: {allowed}");

        if (fields.Select(f => f.Key).FirstOrDefault(k => !KnownFields.Contains(k)) is { } unknown)
            throw new InputException($"{source}: field '{Abbreviation.Of(unknown)}' is unknown; allowed: {string.Join(", ", KnownFields)} (a setting that may change the model is refused, not ignored)");
        foreach (var (name, value, why) in Fixed)
            if (fields.TryGetPropertyValue(name, out var given) && !JsonNode.DeepEquals(given, value))
                throw Field(name, $"{value.ToJsonString()} ({why})");

        int Int(string name, int? fallback = null)
        {
            if (!fields.TryGetPropertyValue(name, out var node) || node is null)
                return fallback ?? throw Field(name, "an integer ≥ 1");
            return node is JsonValue value && value.TryGetValue(out double x) && x == Math.Floor(x) && x is >= 1 and <= int.MaxValue
                ? (int)x : throw Field(name, "an integer ≥ 1");
        }
        double? Number(string name) => !fields.TryGetPropertyValue(name, out var node) || node is null ? null
            : node is JsonValue value && value.TryGetValue(out double x) && double.IsFinite(x) ? x : throw Field(name, "a number");
        string? Text(string name, string? fallback) => !fields.TryGetPropertyValue(name, out var node) ? fallback
            : node is null ? null : node is JsonValue value && value.TryGetValue(out string? s) ? s : throw Field(name, "a string");

        int dModel = Int("d_model");
        var model = new TransformerConfig
        {
            NLayers = Int("n_layers"), DModel = dModel, NHeads = Int("n_heads"), DHead = Int("d_head"),
            DMlp = Int("d_mlp", checked(4 * dModel)), DVocab = Int("d_vocab"), NCtx = Int("n_ctx"),
            ActFn = Text("act_fn", null) ?? throw Field("act_fn", string.Join(", ", TransformerConfig.ActFns.Select(a => $"\"{a}\""))),
            NormalizationType = Text("normalization_type", "LN"),
            InitializerRange = Number("initializer_range"),
        };
        if (Number("eps") is { } eps) model = model with { Eps = eps };
        try { model.Validate(); }
        catch (ArgumentException e) { throw new InputException($"{source}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "")}"); }

        if (Number("d_vocab_out") is { } outputs && outputs != -1 && outputs != model.DVocab)
            throw Field("d_vocab_out", string.Create(CultureInfo.InvariantCulture, $"-1 or d_vocab = {model.DVocab} (the unembedding predicts the input tokens)"));
        if (Number("attn_scale") is { } scale && Math.Abs(scale - Math.Sqrt(model.DHead)) > 1e-9 * Math.Sqrt(model.DHead))
            throw Field("attn_scale", string.Create(CultureInfo.InvariantCulture, $"√d_head = {Math.Sqrt(model.DHead):G6} (attention scores are scaled by 1/√d_head)"));
        return new TransformerLensConfig(model, fields);
    }
}
