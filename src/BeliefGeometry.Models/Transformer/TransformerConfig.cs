using System.Text.Json.Serialization;

namespace BeliefGeometry.Models.Transformer;

/// <summary>
/// Shape of a <see cref="HookedTransformer"/>, with TransformerLens's <c>HookedTransformerConfig</c>
/// field names (JSON names are the snake_case originals, e.g. <c>n_layers</c>). Unlike TransformerLens,
/// <c>d_model</c> need not equal <c>n_heads * d_head</c>: <c>W_O</c> maps the heads back to the residual stream.
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>Allowed values of <see cref="ActFn"/>: <c>relu</c>, and <c>gelu</c> (exact, erf-based, as TransformerLens's "gelu").</summary>
    public static readonly IReadOnlyList<string> ActFns = ["relu", "gelu"];

    /// <summary>Number of transformer blocks.</summary>
    [JsonPropertyName("n_layers")] public required int NLayers { get; init; }

    /// <summary>Width of the residual stream.</summary>
    [JsonPropertyName("d_model")] public required int DModel { get; init; }

    /// <summary>Attention heads per block.</summary>
    [JsonPropertyName("n_heads")] public required int NHeads { get; init; }

    /// <summary>Width of each head's query, key and value.</summary>
    [JsonPropertyName("d_head")] public required int DHead { get; init; }

    /// <summary>Hidden width of the MLP (TransformerLens's usual choice is 4 × d_model).</summary>
    [JsonPropertyName("d_mlp")] public required int DMlp { get; init; }

    /// <summary>Number of distinct tokens.</summary>
    [JsonPropertyName("d_vocab")] public required int DVocab { get; init; }

    /// <summary>Context length: the longest input the positional embedding covers.</summary>
    [JsonPropertyName("n_ctx")] public required int NCtx { get; init; }

    /// <summary>MLP non-linearity, one of <see cref="ActFns"/>.</summary>
    [JsonPropertyName("act_fn")] public string ActFn { get; init; } = "relu";

    /// <summary><c>"LN"</c> (LayerNorm with weight and bias, TransformerLens's default) or <c>null</c> for none.</summary>
    [JsonPropertyName("normalization_type")] public string? NormalizationType { get; init; } = "LN";

    /// <summary>LayerNorm epsilon (TransformerLens default 1e-5).</summary>
    [JsonPropertyName("eps")] public double Eps { get; init; } = 1e-5;

    /// <summary>
    /// Standard deviation of the normal initialisation of every <c>W_*</c> matrix; <c>null</c> means
    /// TransformerLens's GPT-2 default 0.8 / √d_model.
    /// </summary>
    [JsonPropertyName("initializer_range")] public double? InitializerRange { get; init; }

    /// <summary>The standard deviation actually used for the <c>W_*</c> matrices.</summary>
    [JsonIgnore] public double ResolvedInitializerRange => InitializerRange ?? 0.8 / Math.Sqrt(DModel);

    /// <summary>Mess3 model of Shai et al. (2024): 4 layers, d_model 64, 1 head of 8, d_mlp 256, ReLU, n_ctx 10, vocab 3 — 143,075 parameters.</summary>
    public static TransformerConfig Mess3Paper { get; } = new()
    {
        NLayers = 4, DModel = 64, NHeads = 1, DHead = 8, DMlp = 256, DVocab = 3, NCtx = 10, ActFn = "relu",
    };

    /// <summary>RRXOR model of Shai et al. (2024): 4 layers, d_model 128, 4 heads of 16, d_mlp 512, ReLU, n_ctx 10, vocab 2 — 663,298 parameters.</summary>
    public static TransformerConfig RrxorPaper { get; } = new()
    {
        NLayers = 4, DModel = 128, NHeads = 4, DHead = 16, DMlp = 512, DVocab = 2, NCtx = 10, ActFn = "relu",
    };

    /// <summary>Throws an <see cref="ArgumentException"/> whose parameter name is the offending snake_case field.</summary>
    public TransformerConfig Validate()
    {
        AtLeast(NLayers, 1, "n_layers");
        AtLeast(DModel, 1, "d_model");
        AtLeast(NHeads, 1, "n_heads");
        AtLeast(DHead, 1, "d_head");
        AtLeast(DMlp, 1, "d_mlp");
        AtLeast(DVocab, 1, "d_vocab");
        AtLeast(NCtx, 1, "n_ctx");
        if ((long)NHeads * DHead > int.MaxValue)
            throw new ArgumentException($"n_heads * d_head must fit in an int (got {NHeads} * {DHead}).", "n_heads");
        if (!ActFns.Contains(ActFn))
            throw new ArgumentException($"act_fn must be one of {string.Join(", ", ActFns.Select(a => $"\"{a}\""))} (got \"{ActFn}\").", "act_fn");
        if (NormalizationType is not (null or "LN"))
            throw new ArgumentException($"normalization_type must be \"LN\" or null (got \"{NormalizationType}\").", "normalization_type");
        if (!(Eps > 0) || double.IsInfinity(Eps))
            throw new ArgumentException($"eps must be positive and finite (got {Eps}).", "eps");
        if (InitializerRange is { } std && (!(std > 0) || double.IsInfinity(std)))
            throw new ArgumentException($"initializer_range must be positive and finite (got {std}).", "initializer_range");
        return this;
    }

    private static void AtLeast(int value, int min, string field)
    {
        if (value < min)
            throw new ArgumentException($"{field} must be at least {min} (got {value}).", field);
    }
}
