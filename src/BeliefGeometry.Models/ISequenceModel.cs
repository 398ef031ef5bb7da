using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary>
/// What training and probing need from any next-token model (transformer or recurrent), so both go
/// through the same path. Implementations are <c>nn.Module&lt;Tensor, Tensor&gt;</c> subclasses; the
/// lower-case members are that class's own <c>call</c> and <c>parameters</c>, implemented by inheritance.
/// Hook points come from the model's modules (<see cref="HookPoint"/>); the lists below are the model's own.
/// </summary>
public interface ISequenceModel : IDisposable
{
    /// <summary>Logits [batch, pos, d_vocab] for int64 tokens [batch, pos]; the logits at position t depend only on tokens 0..t.</summary>
    Tensor call(Tensor tokens);

    /// <summary>The trainable parameters (what an optimizer is given).</summary>
    IEnumerable<Parameter> parameters(bool recurse = true);

    /// <summary>Context length n_ctx: the most positions one call takes.</summary>
    int NCtx { get; }

    /// <summary>Vocabulary size d_vocab: tokens are 0..d_vocab−1, logits are d_vocab wide.</summary>
    int DVocab { get; }

    /// <summary>
    /// TransformerLens's <c>run_with_cache</c>: the logits and, for every hook point whose name passes
    /// <paramref name="names"/> (all of them when null), the activation there [batch, pos, …], detached.
    /// </summary>
    (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Tensor tokens, Func<string, bool>? names = null);

    /// <summary>Every hook point, in the order a forward pass reaches them.</summary>
    IReadOnlyList<HookPoint> HookPoints { get; }

    /// <summary>The names of <see cref="HookPoints"/>, in the same order.</summary>
    IReadOnlyList<string> HookNames => [.. HookPoints.Select(h => h.Name)];

    /// <summary>
    /// The residual-stream-like hook points probes use by default, from the embedding to the last
    /// representation before the unembedding, each distinct point once; each is [batch, pos, width].
    /// </summary>
    IReadOnlyList<HookPoint> ResidualHooks { get; }

    /// <summary>The names of <see cref="ResidualHooks"/>, in the same order.</summary>
    IReadOnlyList<string> ResidualHookNames => [.. ResidualHooks.Select(h => h.Name)];

    /// <summary>
    /// The residual stream after each layer — the embedding, then every layer's output — each under the name it has
    /// in <see cref="ResidualHooks"/>: the published concatenation of layers, (n_layers + 1) × width features.
    /// Default: every residual hook point.
    /// </summary>
    IReadOnlyList<HookPoint> LayerOutputHooks => ResidualHooks;

    /// <summary>
    /// <see cref="ResidualHooks"/> plus the other names of the same stream that TransformerLens users reach for (e.g. every
    /// block's <c>hook_resid_post</c>, the embeddings that sum to the stream's start), in forward order: what a probe exports.
    /// Default: <see cref="ResidualHooks"/>.
    /// </summary>
    IReadOnlyList<HookPoint> StreamHooks => ResidualHooks;
}
