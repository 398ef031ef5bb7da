using System.Runtime.InteropServices;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Activations;

/// <summary>
/// Captures a model's activations for every prefix of a <see cref="PrefixSet"/>: row i of each hook's matrix is
/// the activation at <see cref="PrefixSet.Position"/>(i) when the model reads prefix i (after BOS when the layout
/// has one), which equals RunWithCache's last position on that prefix alone — a causal model's activation at
/// position t depends only on tokens 0..t.
/// <para>
/// Hook points: any hook whose activation is [batch, pos, …]; trailing dimensions are flattened, so
/// <c>attn.hook_q/k/v/z</c> ([batch, pos, head, d_head]) become n_heads·d_head wide, head-major. The default is
/// the hooks that already are [batch, pos, width] (<see cref="DefaultHooks"/>). <c>attn.hook_pattern</c>
/// ([batch, head, query, key]) has no fixed width per position and is never captured (its <see cref="HookPoint.PerPosition"/> is false).
/// </para>
/// <para>
/// Rows are produced level by level (prefix length), in PrefixSet order, so they can be streamed to
/// <c>.npy</c> files (<see cref="CaptureToDirectory"/>) when the matrices would not fit in memory.
/// The caller sets libtorch's thread count (<see cref="TorchRuntime.Initialize"/>).
/// </para>
/// </summary>
public static class ActivationCapture
{
    /// <summary>Receives <paramref name="rows"/> [n, width] (float32) for hook number <paramref name="hook"/>, starting at row <paramref name="start"/>.</summary>
    internal delegate void RowSink(int hook, int start, Tensor rows);

    /// <summary>Every hook point that can be captured (all but attention patterns), in forward order.</summary>
    public static IReadOnlyList<string> CapturableHooks(ISequenceModel model) => [.. ProbeShapes(model).Keys];

    /// <summary>The hook points whose activation is [batch, pos, width], in forward order.</summary>
    public static IReadOnlyList<string> DefaultHooks(ISequenceModel model) =>
        [.. ProbeShapes(model).Where(kv => kv.Value.Length == 3).Select(kv => kv.Key)];

    /// <summary>Row width of each of <paramref name="hooks"/> (product of the dimensions after [batch, pos]).</summary>
    public static IReadOnlyDictionary<string, int> HookWidths(ISequenceModel model, IEnumerable<string> hooks)
    {
        var shapes = ProbeShapes(model);
        var widths = new Dictionary<string, int>();
        foreach (string hook in hooks)
        {
            if (!shapes.TryGetValue(hook, out var shape))
                throw new ArgumentException(
                    $"hook {hook} cannot be captured; allowed: {string.Join(", ", shapes.Keys)}", nameof(hooks));
            widths[hook] = (int)shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        }
        return widths;
    }

    /// <summary>
    /// Bytes the float32 matrices of <paramref name="hooks"/> (default <see cref="DefaultHooks"/>) take for
    /// <paramref name="prefixes"/>: count × Σ width × 4. Compare with the memory at hand to choose between
    /// <see cref="Capture"/> and <see cref="CaptureToDirectory"/>.
    /// </summary>
    public static long OutputBytes(ISequenceModel model, PrefixSet prefixes, IReadOnlyList<string>? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var widths = HookWidths(model, hooks ?? DefaultHooks(model));
        return (long)prefixes.Count * widths.Values.Sum(w => (long)w) * sizeof(float);
    }

    /// <summary>Captures the hooks of <paramref name="options"/> (default <see cref="DefaultHooks"/>) for every prefix, in memory.</summary>
    public static ActivationSet Capture(ISequenceModel model, PrefixSet prefixes, ActivationCaptureOptions? options = null)
    {
        var (hooks, widths, resolved) = Prepare(model, prefixes, options);
        var data = new float[hooks.Length][];
        for (int h = 0; h < hooks.Length; h++)
        {
            long size = (long)prefixes.Count * widths[h];
            if (size > Array.MaxLength)
                throw new InvalidOperationException(
                    $"{hooks[h]}: {prefixes.Count:N0} × {widths[h]} values do not fit in one array; capture to a directory instead");
            data[h] = GC.AllocateUninitializedArray<float>((int)size);
        }
        Run(model, prefixes, hooks, resolved, (h, start, rows) =>
            CopyRows(rows, data[h].AsSpan(start * widths[h], (int)rows.shape[0] * widths[h])));
        return new ActivationSet(prefixes.Count,
            hooks.Select((hook, h) => new ActivationMatrix(hook, prefixes.Count, widths[h], data[h])));
    }

    /// <summary>
    /// Streams each hook to <c><paramref name="directory"/>/&lt;hook&gt;.npy</c> (float32 [count, width], PrefixSet
    /// order), each written atomically; returns the file paths in hook order.
    /// </summary>
    public static IReadOnlyList<string> CaptureToDirectory(ISequenceModel model, PrefixSet prefixes, string directory,
        ActivationCaptureOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var (hooks, widths, resolved) = Prepare(model, prefixes, options);
        Directory.CreateDirectory(directory);
        var writers = new NpyWriter[hooks.Length];
        try
        {
            for (int h = 0; h < hooks.Length; h++)
                writers[h] = new NpyWriter(Path.Combine(directory, hooks[h] + ".npy"), NpyDType.Float32, [prefixes.Count, widths[h]]);
            var buffer = Array.Empty<float>();
            Run(model, prefixes, hooks, resolved, (h, start, rows) =>
            {
                if (writers[h].RowsWritten != start)
                    throw new InvalidOperationException($"{hooks[h]}: rows out of order ({start} after {writers[h].RowsWritten})");
                int n = (int)rows.shape[0] * widths[h];
                if (buffer.Length < n) buffer = GC.AllocateUninitializedArray<float>(n);
                CopyRows(rows, buffer.AsSpan(0, n));
                writers[h].Append<float>(buffer.AsSpan(0, n));
            });
            foreach (var writer in writers) writer.Complete();
            return [.. writers.Select(w => w.Path)];
        }
        finally
        {
            foreach (var writer in writers) writer?.Dispose();
        }
    }

    /// <summary>The method <see cref="ActivationCaptureMethod.Auto"/> resolves to for <paramref name="model"/>.</summary>
    public static ActivationCaptureMethod Resolve(ISequenceModel model, ActivationCaptureMethod method) => method switch
    {
        ActivationCaptureMethod.Auto => model is HookedTransformer ? ActivationCaptureMethod.Incremental : ActivationCaptureMethod.PrefixForward,
        ActivationCaptureMethod.Incremental when model is not HookedTransformer =>
            throw new ArgumentException($"incremental capture needs a {nameof(HookedTransformer)}, not {model.GetType().Name}", nameof(method)),
        _ => method,
    };

    private static (string[] hooks, int[] widths, ActivationCaptureOptions options) Prepare(
        ISequenceModel model, PrefixSet prefixes, ActivationCaptureOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prefixes);
        options ??= new ActivationCaptureOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        CheckFits(model, prefixes.Layout);
        string[] hooks = [.. (options.Hooks ?? DefaultHooks(model)).Distinct()];
        var widths = HookWidths(model, hooks);
        return (hooks, [.. hooks.Select(h => widths[h])], options);
    }

    private static void Run(ISequenceModel model, PrefixSet prefixes, string[] hooks, ActivationCaptureOptions options, RowSink sink)
    {
        using var noGrad = no_grad();
        if (Resolve(model, options.Method) == ActivationCaptureMethod.Incremental)
            new IncrementalTransformer((HookedTransformer)model).Run(prefixes, hooks, options.BatchSize, sink);
        else
            RunPrefixForward(model, prefixes, hooks, options.BatchSize, sink);
    }

    /// <summary>Level by level: RunWithCache on [BOS,] prefix tokens, keeping the last position.</summary>
    private static void RunPrefixForward(ISequenceModel model, PrefixSet prefixes, string[] hooks, int batchSize, RowSink sink)
    {
        var selected = hooks.ToHashSet();
        var layout = prefixes.Layout;
        var device = TorchDevices.Of(model);
        for (int length = prefixes.MinLength; length <= prefixes.MaxLength; length++)
        {
            int levelStart = prefixes.LevelStart(length), levelCount = prefixes.LevelCount(length);
            int seqLength = layout.Bos ? length + 1 : length;
            var tokens = new long[Math.Min(batchSize, levelCount) * seqLength];
            for (int start = levelStart; start < levelStart + levelCount; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, levelStart + levelCount - start);
                for (int r = 0; r < n; r++)
                {
                    var row = tokens.AsSpan(r * seqLength, seqLength);
                    int offset = 0;
                    if (layout.Bos) row[offset++] = layout.BosToken;
                    foreach (int x in prefixes.Prefix(start + r)) row[offset++] = x;
                }
                using var input = tensor(tokens.AsSpan(0, n * seqLength).ToArray(), [n, seqLength], int64, device: device);
                var (_, cache) = model.RunWithCache(input, selected.Contains);
                for (int h = 0; h < hooks.Length; h++)
                    sink(h, start, cache[hooks[h]].select(1, seqLength - 1).reshape(n, -1));
            }
        }
    }

    /// <summary>Copies a float32 [n, width] tensor (on any device) into <paramref name="destination"/> with one bulk copy.</summary>
    internal static void CopyRows(Tensor rows, Span<float> destination)
    {
        using var contiguous = rows.device_type == DeviceType.CPU ? rows.contiguous() : rows.cpu().contiguous();
        MemoryMarshal.Cast<byte, float>(contiguous.bytes).CopyTo(destination);
    }

    private static void CheckFits(ISequenceModel model, SequenceLayout layout)
    {
        if (model.NCtx < layout.ContextLength)
            throw new ArgumentException($"the prefixes need n_ctx {layout.ContextLength}, the model has n_ctx {model.NCtx}", "prefixes");
        if (model.DVocab < layout.VocabularySize)
            throw new ArgumentException($"the prefixes need d_vocab {layout.VocabularySize}, the model has d_vocab {model.DVocab}", "prefixes");
    }

    /// <summary>Shape of every capturable hook for one token, from a tiny forward pass.</summary>
    private static Dictionary<string, long[]> ProbeShapes(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var tokens = zeros([1, 1], int64);
        var perPosition = model.HookPoints.Where(h => h.PerPosition).Select(h => h.Name).ToHashSet();
        var (_, cache) = model.RunWithCache(tokens, perPosition.Contains);
        var shapes = new Dictionary<string, long[]>();
        foreach (string name in model.HookNames)
            if (cache.TryGetValue(name, out var activation) && activation.dim() >= 3)
                shapes[name] = activation.shape;
        return shapes;
    }
}
