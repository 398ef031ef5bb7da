using System.Text.Json.Serialization;

namespace BeliefGeometry.Data;

/// <summary>How training words are drawn from the process (docs/design.md section 2). The context length is the model's <c>n_ctx</c>.</summary>
public sealed record DataConfig
{
    /// <summary>Allowed values of <see cref="Mode"/>.</summary>
    public static readonly IReadOnlyList<string> Modes = ["exact", "stream"];

    /// <summary>
    /// <c>"exact"</c> (default, the paper's choice): every word of length n_ctx+1 with its probability, batches
    /// drawn by probability. <c>"stream"</c>: sequences sampled from the process with a seeded RNG, starting from π.
    /// </summary>
    [JsonPropertyName("mode")] public string Mode { get; init; } = "exact";

    /// <summary>Prepend a BOS token (id = the process's token count, so <c>d_vocab</c> is one more). Default <c>false</c>.</summary>
    [JsonPropertyName("bos")] public bool Bos { get; init; }
}
