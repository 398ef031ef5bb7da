using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary>Collects detached activations at the hook points a filter selects (see <see cref="ISequenceModel.RunWithCache"/>).</summary>
internal sealed class HookRecorder(Func<string, bool> filter)
{
    public Dictionary<string, Tensor> Cache { get; } = [];

    /// <summary>Every model's input contract: int64 tokens [batch, pos] with 1 ≤ pos ≤ n_ctx.</summary>
    public static void CheckTokens(Tensor tokens, int nCtx)
    {
        if (tokens.dim() != 2 || tokens.dtype != ScalarType.Int64)
            throw new ArgumentException($"tokens must be an int64 tensor [batch, pos]; got {tokens.dtype} [{string.Join(", ", tokens.shape)}].", nameof(tokens));
        if (tokens.shape[1] < 1 || tokens.shape[1] > nCtx)
            throw new ArgumentException($"tokens has {tokens.shape[1]} positions; n_ctx is {nCtx}.", nameof(tokens));
    }

    /// <summary>Runs <paramref name="forward"/> with a recorder for the hooks <paramref name="names"/> selects (all when null): <c>run_with_cache</c>.</summary>
    public static (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Func<HookRecorder, Tensor> forward, Func<string, bool>? names)
    {
        var recorder = new HookRecorder(names ?? (_ => true));
        var logits = forward(recorder);
        return (logits, recorder.Cache);
    }

    public void Record(HookPoint point, Tensor activation)
    {
        if (filter(point.Name))
            Cache[point.Name] = activation.detach();
    }
}

internal static class HookRecorderExtensions
{
    /// <summary>Passes <paramref name="activation"/> through, recording it when a recorder is present: without one the cost is a null check.</summary>
    public static Tensor Hook(this HookRecorder? hooks, HookPoint point, Tensor activation)
    {
        hooks?.Record(point, activation);
        return activation;
    }
}
