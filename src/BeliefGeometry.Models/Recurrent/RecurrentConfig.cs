using System.Text.Json.Serialization;

namespace BeliefGeometry.Models.Recurrent;

/// <summary>
/// Shape of a <see cref="HookedRecurrent"/>: token embedding, <c>n_layers</c> stacked recurrent layers of
/// one <c>kind</c>, linear unembedding. JSON names are snake_case, as in <see cref="Transformer.TransformerConfig"/>.
/// </summary>
public sealed record RecurrentConfig
{
    /// <summary>Allowed values of <see cref="Kind"/>: Elman RNN, GRU, LSTM (PyTorch's <c>nn.RNN</c>, <c>nn.GRU</c>, <c>nn.LSTM</c>).</summary>
    public static readonly IReadOnlyList<string> Kinds = ["rnn", "gru", "lstm"];

    /// <summary>Allowed values of <see cref="Nonlinearity"/> (used by <c>rnn</c> only).</summary>
    public static readonly IReadOnlyList<string> Nonlinearities = ["tanh", "relu"];

    /// <summary>Recurrent cell, one of <see cref="Kinds"/>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Number of distinct tokens.</summary>
    [JsonPropertyName("d_vocab")] public required int DVocab { get; init; }

    /// <summary>Width of the hidden state h of every layer.</summary>
    [JsonPropertyName("hidden_size")] public required int HiddenSize { get; init; }

    /// <summary>Number of stacked recurrent layers; layer l+1 reads layer l's hidden state at every position.</summary>
    [JsonPropertyName("n_layers")] public int NLayers { get; init; } = 1;

    /// <summary>Longest input accepted (the same contract as the transformer's context length, so both share the data path).</summary>
    [JsonPropertyName("n_ctx")] public required int NCtx { get; init; }

    /// <summary>Width of the token embedding; <c>null</c> means <see cref="HiddenSize"/>.</summary>
    [JsonPropertyName("d_embed")] public int? DEmbed { get; init; }

    /// <summary>Non-linearity of an Elman RNN, one of <see cref="Nonlinearities"/>; must stay <c>tanh</c> for <c>gru</c> and <c>lstm</c>.</summary>
    [JsonPropertyName("nonlinearity")] public string Nonlinearity { get; init; } = "tanh";

    /// <summary>The embedding width actually used.</summary>
    [JsonIgnore] public int ResolvedDEmbed => DEmbed ?? HiddenSize;

    /// <summary>Gate blocks per weight matrix of <paramref name="kind"/>: 1 (rnn), 3 (gru: reset, update, new), 4 (lstm: input, forget, cell, output).</summary>
    public static int GatesOf(string kind) => kind switch
    {
        "rnn" => 1,
        "gru" => 3,
        "lstm" => 4,
        _ => throw new ArgumentException($"kind must be one of {Quoted(Kinds)} (got \"{kind}\").", "kind"),
    };

    /// <summary>
    /// Closed-form parameter count, PyTorch's layout (two bias vectors per layer):
    /// d_vocab·d_embed + Σ_l gates·(hidden·(input_l + hidden) + 2·hidden) + hidden·d_vocab + d_vocab,
    /// with input_0 = d_embed and input_l = hidden for l ≥ 1.
    /// </summary>
    /// <remarks>A method, not a property, so that printing an invalid config does not throw.</remarks>
    public long ParameterCount()
    {
        long h = HiddenSize, e = ResolvedDEmbed, v = DVocab, gates = GatesOf(Kind);
        long count = v * e + h * v + v;
        for (int l = 0; l < NLayers; l++)
            count += gates * (h * ((l == 0 ? e : h) + h) + 2 * h);
        return count;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> whose parameter name is the offending snake_case field.</summary>
    public RecurrentConfig Validate()
    {
        if (!Kinds.Contains(Kind))
            throw new ArgumentException($"kind must be one of {Quoted(Kinds)} (got \"{Kind}\").", "kind");
        AtLeast(DVocab, 1, "d_vocab");
        AtLeast(HiddenSize, 1, "hidden_size");
        AtLeast(NLayers, 1, "n_layers");
        AtLeast(NCtx, 1, "n_ctx");
        if (DEmbed is { } dEmbed)
            AtLeast(dEmbed, 1, "d_embed");
        if (!Nonlinearities.Contains(Nonlinearity))
            throw new ArgumentException($"nonlinearity must be one of {Quoted(Nonlinearities)} (got \"{Nonlinearity}\").", "nonlinearity");
        if (Kind != "rnn" && Nonlinearity != "tanh")
            throw new ArgumentException($"nonlinearity applies to kind \"rnn\" only (kind is \"{Kind}\").", "nonlinearity");
        return this;
    }

    private static void AtLeast(int value, int min, string field)
    {
        if (value < min)
            throw new ArgumentException($"{field} must be at least {min} (got {value}).", field);
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
