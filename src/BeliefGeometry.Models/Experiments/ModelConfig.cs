using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The model of an experiment: its <see cref="Kind"/> and its family's config record (<see cref="Shape"/>). In JSON one
/// flat object, <c>{"kind": "transformer", "n_layers": 4, "d_model": 64, …}</c> with <see cref="TransformerConfig"/>'s
/// fields, <c>{"kind": "gru", "hidden_size": 64, …}</c> with <see cref="RecurrentConfig"/>'s, or a registered
/// family's (<see cref="ModelFamilies"/>).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>A model of <paramref name="kind"/>; <paramref name="shape"/> must be that family's config record.</summary>
    public ModelConfig(string kind, object shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var family = ModelFamilies.Of(kind) ?? throw new ArgumentException($"model kind '{kind}' is not registered", nameof(kind));
        if (!family.Holds(shape))
            throw new ArgumentException($"model kind '{kind}' takes its family's config, not a {shape.GetType().Name}", nameof(shape));
        Kind = kind;
        Shape = shape;
    }

    /// <summary>Allowed values of <see cref="Kind"/>: every registered family's kinds.</summary>
    public static IReadOnlyList<string> Kinds => ModelFamilies.Kinds;

    /// <summary><c>"transformer"</c>, <c>"rnn"</c>, <c>"gru"</c>, <c>"lstm"</c> or a registered family's kind.</summary>
    public string Kind { get; }

    /// <summary>The family's config record (a <see cref="TransformerConfig"/>, a <see cref="RecurrentConfig"/>, …).</summary>
    public object Shape { get; }

    /// <summary>The family of <see cref="Kind"/>.</summary>
    public ModelFamily Family => ModelFamilies.Of(Kind)!;

    /// <summary>The transformer's shape when <see cref="Kind"/> is <c>"transformer"</c>, else <c>null</c>.</summary>
    public TransformerConfig? Transformer => Shape as TransformerConfig;

    /// <summary>The recurrent network's shape when <see cref="Kind"/> is <c>"rnn"</c>, <c>"gru"</c> or <c>"lstm"</c>, else <c>null</c>.</summary>
    public RecurrentConfig? Recurrent => Shape as RecurrentConfig;

    /// <summary>Context length n_ctx: the positions the model sees, and so the data's word length.</summary>
    public int NCtx => Family.ContextLength(Shape);

    /// <summary>Vocabulary size: the process's token count, plus one with BOS.</summary>
    public int DVocab => Family.VocabularySize(Shape);

    /// <summary>A transformer model.</summary>
    public static ModelConfig Of(TransformerConfig transformer) => new("transformer", transformer);

    /// <summary>A recurrent model; the kind is <paramref name="recurrent"/>'s.</summary>
    public static ModelConfig Of(RecurrentConfig recurrent) => new(recurrent.Kind, recurrent);
}
