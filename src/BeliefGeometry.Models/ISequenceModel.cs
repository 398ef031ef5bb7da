using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary>
/// What training and probing need from any next-token model (transformer or recurrent), so both go
/// through the same path. Implementations are <c>nn.Module&lt;Tensor, Tensor&gt;</c> subclasses; the
/// lower-case members are that class's own <c>call</c> and <c>parameters</c>, implemented by inheritance.
/// </summary>
public interface ISequenceModel : IDisposable
{
    /// <summary>Logits [batch, pos, d_vocab] for int64 tokens [batch, pos]; the logits at position t depend only on tokens 0..t.</summary>
    Tensor call(Tensor tokens);

    /// <summary>The trainable parameters (what an optimizer is given).</summary>
    IEnumerable<Parameter> parameters(bool recurse = true);

    /// <summary>
    /// TransformerLens's <c>run_with_cache</c>: the logits and, for every hook point whose name passes
    /// <paramref name="names"/> (all of them when null), the activation there [batch, pos, …], detached.
    /// </summary>
    (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Tensor tokens, Func<string, bool>? names = null);

    /// <summary>Every hook point, in the order a forward pass reaches them.</summary>
    IReadOnlyList<string> HookNames { get; }

    /// <summary>
    /// The residual-stream-like hook points probes use by default, from the embedding to the last
    /// representation before the unembedding; each is [batch, pos, width].
    /// </summary>
    IReadOnlyList<string> ResidualHookNames { get; }
}
