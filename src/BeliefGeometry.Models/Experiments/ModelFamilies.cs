using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using F = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Models.Transformer.TransformerConfig>;
using R = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Models.Recurrent.RecurrentConfig>;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The table from <c>model.kind</c> to its <see cref="ModelFamily"/>: the transformer and the recurrent networks,
/// plus any family <see cref="Register"/>ed (one line: <c>ModelFamilies.Register(new ModelFamily&lt;MyConfig&gt;(…))</c>).
/// </summary>
public static class ModelFamilies
{
    /// <summary>"LN" or null (no normalisation); an absent field means "LN".</summary>
    private static FieldType<string?> NormalizationType { get; } = new("string or null", "\"LN\", or null for none",
        (JsonNode n, out string? v) =>
        {
            v = n.GetValueKind() == JsonValueKind.String && n.GetValue<string>() == "LN" ? "LN" : null;
            return v is not null;
        }, v => v is null ? null : JsonValue.Create(v), Nullable: true);

    /// <summary><see cref="HookedTransformer"/>, with TransformerLens's config names (docs/design.md section 3).</summary>
    public static ModelFamily Transformer { get; } = new ModelFamily<TransformerConfig>(
        ["transformer"],
        new ConfigSchema<TransformerConfig>(
            new TransformerConfig { NLayers = 0, DModel = 0, NHeads = 0, DHead = 0, DMlp = 0, DVocab = 0, NCtx = 0 },
            [
                F.Of("n_layers", FieldTypes.Int(1), c => c.NLayers, (c, v) => c with { NLayers = v }, "≥ 1; transformer blocks", required: true),
                F.Of("d_model", FieldTypes.Int(1), c => c.DModel, (c, v) => c with { DModel = v }, "≥ 1; residual stream width, divisible by `n_heads`", required: true),
                F.Of("n_heads", FieldTypes.Int(1), c => c.NHeads, (c, v) => c with { NHeads = v }, "≥ 1; a divisor of `d_model`", required: true),
                F.Of("d_head", FieldTypes.Int(1), c => c.DHead, (c, v) => c with { DHead = v },
                    "≥ 1; need not be `d_model / n_heads` (the published models use 1 head of 8 in d_model 64)", required: true),
                F.Of("d_mlp", FieldTypes.Int(1), c => c.DMlp, (c, v) => c with { DMlp = v }, "≥ 1; MLP hidden width", required: true),
                F.Of("d_vocab", FieldTypes.Int(1), c => c.DVocab, (c, v) => c with { DVocab = v }, "must equal the process's token count (+1 with `data.bos`)", required: true),
                F.Of("n_ctx", FieldTypes.Int(1), c => c.NCtx, (c, v) => c with { NCtx = v }, "≥ 1; positions the model sees", required: true),
                F.Of("act_fn", FieldTypes.Choice(TransformerConfig.ActFns), c => c.ActFn, (c, v) => c with { ActFn = v }, "`\"relu\"`, `\"gelu\"`"),
                F.Of("normalization_type", NormalizationType, c => c.NormalizationType, (c, v) => c with { NormalizationType = v },
                    "`\"LN\"` (LayerNorm), or `null` for none"),
                F.Of("eps", FieldTypes.Number("a number > 0", x => x > 0), c => c.Eps, (c, v) => c with { Eps = v }, "> 0; LayerNorm epsilon"),
                F.Of("initializer_range", FieldTypes.OptionalNumber("a number > 0, or null for 0.8/√d_model", x => x > 0), c => c.InitializerRange,
                    (c, v) => c with { InitializerRange = v }, "> 0; std of the `W_*` initialisation; `null` = 0.8/√d_model (TransformerLens)"),
            ],
            (c, s) =>
            {
                // d_head is free (W_O maps the heads back to d_model): the published models have 1 head of 8 in
                // d_model 64 and 4 heads of 16 in d_model 128.
                if (c.DModel % c.NHeads != 0)
                    throw s.Error($"field '{s.Path("n_heads")}' is {c.NHeads}; allowed: a divisor of d_model = {c.DModel}", "n_heads", "d_model");
                c.Validate();
            }),
        (c, seed) => new HookedTransformer(c, seed), c => c.NCtx, c => c.DVocab);

    /// <summary><see cref="HookedRecurrent"/>: an Elman RNN, a GRU or an LSTM.</summary>
    public static ModelFamily Recurrent { get; } = new ModelFamily<RecurrentConfig>(
        RecurrentConfig.Kinds,
        new ConfigSchema<RecurrentConfig>(
            new RecurrentConfig { Kind = "rnn", HiddenSize = 0, DVocab = 0, NCtx = 0 },
            [
                R.Of("hidden_size", FieldTypes.Int(1), c => c.HiddenSize, (c, v) => c with { HiddenSize = v }, "≥ 1; hidden state width", required: true),
                R.Of("n_layers", FieldTypes.Int(1), c => c.NLayers, (c, v) => c with { NLayers = v }, "≥ 1; stacked recurrent layers"),
                R.Of("d_vocab", FieldTypes.Int(1), c => c.DVocab, (c, v) => c with { DVocab = v }, "must equal the process's token count (+1 with `data.bos`)", required: true),
                R.Of("n_ctx", FieldTypes.Int(1), c => c.NCtx, (c, v) => c with { NCtx = v }, "≥ 1; positions the model sees", required: true),
                R.Of("d_embed", FieldTypes.OptionalInt(1, "an integer ≥ 1, or null for hidden_size"), c => c.DEmbed, (c, v) => c with { DEmbed = v },
                    "≥ 1; token embedding width; `null` = `hidden_size`"),
                R.Of("nonlinearity", FieldTypes.Choice(RecurrentConfig.Nonlinearities), c => c.Nonlinearity, (c, v) => c with { Nonlinearity = v },
                    "`\"tanh\"`, `\"relu\"` (`rnn` only)"),
            ],
            (c, _) => c.Validate()),
        (c, seed) => new HookedRecurrent(c, seed), c => c.NCtx, c => c.DVocab, (c, kind) => c with { Kind = kind });

    private static ImmutableList<ModelFamily> _families = [Transformer, Recurrent];

    private static readonly Lock Gate = new();

    /// <summary>Every family, built-in first, then in the order registered.</summary>
    public static IReadOnlyList<ModelFamily> All => _families;

    /// <summary>Every <c>model.kind</c>, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Kinds => [.. _families.SelectMany(f => f.Kinds)];

    /// <summary>The family of <paramref name="kind"/>, or null.</summary>
    public static ModelFamily? Of(string kind) => _families.FirstOrDefault(f => f.Kinds.Contains(kind));

    /// <summary>Adds a model family (registering the same one twice does nothing); its kinds must be new.</summary>
    public static void Register(ModelFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        lock (Gate)
        {
            if (_families.Contains(family))
                return;
            if (family.Kinds.FirstOrDefault(k => Of(k) is not null) is { } taken)
                throw new ArgumentException($"model kind '{taken}' is already registered", nameof(family));
            _families = _families.Add(family);
        }
    }
}
