using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The model of an experiment: a transformer or a recurrent network. In JSON one flat object,
/// <c>{"kind": "transformer", "n_layers": 4, "d_model": 64, …}</c> with <see cref="TransformerConfig"/>'s fields, or
/// <c>{"kind": "gru", "hidden_size": 64, …}</c> with <see cref="RecurrentConfig"/>'s. Exactly one of
/// <see cref="Transformer"/> and <see cref="Recurrent"/> is set; build one with <see cref="Of(TransformerConfig)"/>
/// or <see cref="Of(RecurrentConfig)"/>.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Allowed values of <see cref="Kind"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["transformer", .. RecurrentConfig.Kinds];

    private ModelConfig(string kind, TransformerConfig? transformer, RecurrentConfig? recurrent)
    {
        Kind = kind;
        Transformer = transformer;
        Recurrent = recurrent;
    }

    /// <summary><c>"transformer"</c>, <c>"rnn"</c>, <c>"gru"</c> or <c>"lstm"</c>.</summary>
    public string Kind { get; }

    /// <summary>The transformer's shape when <see cref="Kind"/> is <c>"transformer"</c>, else <c>null</c>.</summary>
    public TransformerConfig? Transformer { get; }

    /// <summary>The recurrent network's shape when <see cref="Kind"/> is <c>"rnn"</c>, <c>"gru"</c> or <c>"lstm"</c>, else <c>null</c>.</summary>
    public RecurrentConfig? Recurrent { get; }

    /// <summary>Context length n_ctx: the positions the model sees, and so the data's word length.</summary>
    public int NCtx => Transformer?.NCtx ?? Recurrent!.NCtx;

    /// <summary>Vocabulary size: the process's token count, plus one with BOS.</summary>
    public int DVocab => Transformer?.DVocab ?? Recurrent!.DVocab;

    /// <summary>A transformer model.</summary>
    public static ModelConfig Of(TransformerConfig transformer) => new("transformer", transformer, null);

    /// <summary>A recurrent model; the kind is <paramref name="recurrent"/>'s.</summary>
    public static ModelConfig Of(RecurrentConfig recurrent) => new(recurrent.Kind, null, recurrent);
}
