using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Processes;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Activations;

[Collection(TorchCollection.Name)]
public sealed class ActivationCaptureTests
{
    private const double Tolerance = 1e-5;

    public ActivationCaptureTests() => TorchRuntime.Initialize(TorchCollection.Threads);

    private static HookedTransformer TinyTransformer(int dVocab, int nCtx, string? normalization = "LN", string actFn = "relu")
    {
        var model = new HookedTransformer(new TransformerConfig
        {
            NLayers = 2, DModel = 8, NHeads = 2, DHead = 3, DMlp = 12, DVocab = dVocab, NCtx = nCtx,
            NormalizationType = normalization, ActFn = actFn,
        }, seed: 5);
        Perturb(model.parameters());
        return model;
    }

    private static HookedRecurrent TinyGru(int dVocab, int nCtx) =>
        new(new RecurrentConfig { Kind = "gru", DVocab = dVocab, HiddenSize = 4, NLayers = 2, NCtx = nCtx }, seed: 7);

    /// <summary>Non-zero biases and LayerNorm affine terms, so every parameter matters.</summary>
    private static void Perturb(IEnumerable<TorchSharp.Modules.Parameter> parameters)
    {
        using var noGrad = no_grad();
        var generator = new Generator(11);
        foreach (var p in parameters)
            p.add_(randn(p.shape, generator: generator) * 0.3);
    }

    /// <summary>Every captured hook's row against RunWithCache on prefix i alone ([BOS,] its tokens), last position, flattened.</summary>
    private static void AssertMatchesRunWithCache(ISequenceModel model, PrefixSet prefixes, ActivationSet set)
    {
        Assert.Equal(prefixes.Count, set.Count);
        var layout = prefixes.Layout;
        var hooks = set.HookNames.ToHashSet();
        for (int i = 0; i < prefixes.Count; i++)
        {
            using var scope = NewDisposeScope();
            long[] tokens = [.. (layout.Bos ? [layout.BosToken] : Array.Empty<int>()).Concat(prefixes.Prefix(i).ToArray()).Select(x => (long)x)];
            var (_, cache) = model.RunWithCache(tensor(tokens, [1, tokens.Length], int64), hooks.Contains);
            foreach (string hook in set.HookNames)
            {
                var expected = cache[hook][0, tokens.Length - 1].flatten().data<float>().ToArray();
                Assert.Equal(expected.Length, set.Width(hook));
                var actual = set[hook].Row(i);
                for (int j = 0; j < expected.Length; j++)
                    Assert.True(Math.Abs(expected[j] - actual[j]) <= Tolerance,
                        $"{hook} prefix {i} [{string.Join("", prefixes.Prefix(i).ToArray())}] column {j}: {actual[j]} vs {expected[j]}");
            }
        }
    }

    [Theory]
    [InlineData(ActivationCaptureMethod.Incremental, "LN", "relu")]
    [InlineData(ActivationCaptureMethod.Incremental, null, "gelu")]
    [InlineData(ActivationCaptureMethod.PrefixForward, "LN", "relu")]
    public void TransformerRowsEqualRunWithCacheOnEachPrefix(ActivationCaptureMethod method, string? normalization, string actFn)
    {
        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(4, process.TokenCount));
        using var model = TinyTransformer(process.TokenCount, 4, normalization, actFn);
        var hooks = ActivationCapture.CapturableHooks(model);
        var set = ActivationCapture.Capture(model, prefixes, new ActivationCaptureOptions { Hooks = hooks, Method = method, BatchSize = 16 });

        Assert.Equal(hooks, set.HookNames);
        Assert.Equal(120, set.Count);
        Assert.Equal(6, set.Width("blocks.1.attn.hook_z"));   // n_heads · d_head
        AssertMatchesRunWithCache(model, prefixes, set);
    }

    [Theory]
    [InlineData(ActivationCaptureMethod.Incremental)]
    [InlineData(ActivationCaptureMethod.PrefixForward)]
    public void BosLayoutPutsTheEmptyPrefixAtPositionZero(ActivationCaptureMethod method)
    {
        var process = ProcessCatalog.Resolve("golden_mean");
        var layout = new SequenceLayout(4, process.TokenCount, bos: true);
        var prefixes = PrefixSet.Enumerate(process, layout);
        using var model = TinyTransformer(layout.VocabularySize, 4);
        var set = ActivationCapture.Capture(model, prefixes, new ActivationCaptureOptions
        {
            Hooks = ActivationCapture.CapturableHooks(model), Method = method,
        });

        Assert.Equal(0, prefixes.Length(0));
        Assert.Equal(0, prefixes.Position(0));
        AssertMatchesRunWithCache(model, prefixes, set);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GruRowsEqualRunWithCacheOnEachPrefix(bool bos)
    {
        var process = ProcessCatalog.Resolve("golden_mean");
        var layout = new SequenceLayout(5, process.TokenCount, bos);
        var prefixes = PrefixSet.Enumerate(process, layout);
        using var model = TinyGru(layout.VocabularySize, 5);
        var set = ActivationCapture.Capture(model, prefixes, new ActivationCaptureOptions { BatchSize = 3 });

        Assert.Equal(model.ResidualHookNames.Concat(["hook_unembed_in"]), set.HookNames);
        AssertMatchesRunWithCache(model, prefixes, set);
        Assert.Throws<ArgumentException>(() => ActivationCapture.Capture(model, prefixes,
            new ActivationCaptureOptions { Method = ActivationCaptureMethod.Incremental }));
    }

    [Fact]
    public void DefaultHooksAreTheBatchPosWidthOnes()
    {
        using var model = TinyTransformer(3, 4);
        var defaults = ActivationCapture.DefaultHooks(model);
        var capturable = ActivationCapture.CapturableHooks(model);

        Assert.Contains("hook_embed", defaults);
        Assert.Contains("hook_pos_embed", defaults);
        Assert.Contains("blocks.1.hook_resid_mid", defaults);
        Assert.Contains("ln_final.hook_normalized", defaults);
        Assert.DoesNotContain("blocks.0.attn.hook_q", defaults);
        Assert.Contains("blocks.0.attn.hook_q", capturable);
        Assert.DoesNotContain(capturable, h => h.EndsWith("hook_pattern", StringComparison.Ordinal));
        Assert.Equal(model.HookNames.Where(capturable.Contains), capturable);   // forward order
        Assert.Equal(12, ActivationCapture.HookWidths(model, ["blocks.0.mlp.hook_post"])["blocks.0.mlp.hook_post"]);
        Assert.Throws<ArgumentException>(() => ActivationCapture.HookWidths(model, ["blocks.0.attn.hook_pattern"]));

        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(2, process.TokenCount));   // 3 + 9 prefixes
        Assert.Equal(12L * (8 + 12) * 4, ActivationCapture.OutputBytes(model, prefixes, ["hook_embed", "blocks.0.mlp.hook_pre"]));
    }

    [Fact]
    public void CaptureToDirectoryWritesNpyFilesThatLoadBackEqual()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(3, process.TokenCount));
        using var model = TinyTransformer(3, 4);
        var options = new ActivationCaptureOptions { BatchSize = 5 };
        var set = ActivationCapture.Capture(model, prefixes, options);
        string dir = Directory.CreateTempSubdirectory("activations-").FullName;
        try
        {
            var files = ActivationCapture.CaptureToDirectory(model, prefixes, dir, options);
            Assert.Equal(set.HookNames.Select(h => Path.Combine(dir, h + ".npy")), files);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            foreach (string hook in set.HookNames)
            {
                var array = Npy.Read(Path.Combine(dir, hook + ".npy"));
                Assert.Equal([(long)prefixes.Count, set.Width(hook)], array.Shape);
                Assert.Equal(set[hook].Data, array.ToArray<float>());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RejectsPrefixesLongerThanTheContext()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(5, process.TokenCount));
        using var model = TinyTransformer(3, 4);
        Assert.Throws<ArgumentException>(() => ActivationCapture.Capture(model, prefixes));
    }
}
