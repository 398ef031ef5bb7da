using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Transformer;

/// <summary>Hook points are named from the module tree (TransformerLens's names) and the model's lists are subsets of them.</summary>
[Collection(TorchCollection.Name)]
public sealed class HookPointTests
{
    public HookPointTests() => TorchRuntime.Initialize(TorchCollection.Threads);

    private static readonly TransformerConfig ThreeLayers = new() { NLayers = 3, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 3, NCtx = 5 };

    [Fact]
    public void TransformerHookNamesAreTheModulePathsOfTransformerLens()
    {
        using var model = new HookedTransformer(ThreeLayers, seed: 1);
        string[] block1 =
        [
            "blocks.1.hook_resid_pre", "blocks.1.ln1.hook_normalized", "blocks.1.attn.hook_q", "blocks.1.attn.hook_k", "blocks.1.attn.hook_v",
            "blocks.1.attn.hook_pattern", "blocks.1.attn.hook_z", "blocks.1.hook_attn_out", "blocks.1.hook_resid_mid",
            "blocks.1.ln2.hook_normalized", "blocks.1.mlp.hook_pre", "blocks.1.mlp.hook_post", "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post",
        ];
        Assert.Equal(block1, model.HookNames.Where(n => n.StartsWith("blocks.1.", StringComparison.Ordinal)));
        Assert.Equal(["hook_embed", "hook_pos_embed", "blocks.0.hook_resid_pre"], model.HookNames.Take(3));
        Assert.Equal("ln_final.hook_normalized", model.HookNames[^1]);
        Assert.Equal(model.HookNames, model.HookPoints.Select(h => h.Name));
        Assert.Equal(model.HookNames.Count, model.HookNames.Distinct().Count());
        Assert.Equal((5, 3), (model.NCtx, model.DVocab));
        // Only the attention patterns ([batch, head, query, key]) have no row per position.
        Assert.Equal(["blocks.0.attn.hook_pattern", "blocks.1.attn.hook_pattern", "blocks.2.attn.hook_pattern"],
            model.HookPoints.Where(h => !h.PerPosition).Select(h => h.Name));
    }

    [Fact]
    public void LayerOutputsAreTheEmbeddingAndEveryBlocksOutputUnderTheirProbedNames()
    {
        using var model = new HookedTransformer(ThreeLayers, seed: 1);
        // Block l's output is block l+1's input: the stream after each of the 3 layers plus the embedding, 4 points.
        Assert.Equal(["blocks.0.hook_resid_pre", "blocks.1.hook_resid_pre", "blocks.2.hook_resid_pre", "blocks.2.hook_resid_post"],
            model.LayerOutputHooks.Select(h => h.Name));
        Assert.All(model.LayerOutputHooks, h => Assert.Contains(h, model.ResidualHooks));
        Assert.Equal(model.ResidualHookNames, model.ResidualHooks.Select(h => h.Name));
        Assert.Equal(
            ["hook_embed", "hook_pos_embed",
             "blocks.0.hook_resid_pre", "blocks.0.hook_resid_mid", "blocks.0.hook_resid_post",
             "blocks.1.hook_resid_pre", "blocks.1.hook_resid_mid", "blocks.1.hook_resid_post",
             "blocks.2.hook_resid_pre", "blocks.2.hook_resid_mid", "blocks.2.hook_resid_post", "ln_final.hook_normalized"],
            model.StreamHooks.Select(h => h.Name));

        // The same activations under both names of a stream point: block 0's output is block 1's input.
        using var scope = NewDisposeScope();
        var (_, cache) = model.RunWithCache(zeros([2, 4], int64), name => name is "blocks.0.hook_resid_post" or "blocks.1.hook_resid_pre");
        Assert.True(cache["blocks.0.hook_resid_post"].eq(cache["blocks.1.hook_resid_pre"]).all().item<bool>());
    }

    [Fact]
    public void RecurrentLayerOutputsAreTheEmbeddingAndEveryHiddenState()
    {
        using var model = new HookedRecurrent(new RecurrentConfig { Kind = "gru", DVocab = 4, HiddenSize = 6, NLayers = 2, NCtx = 7 }, seed: 1);
        Assert.Equal(["hook_embed", "layers.0.hook_hidden", "layers.1.hook_hidden"], model.LayerOutputHooks.Select(h => h.Name));
        Assert.Equal(model.ResidualHooks, model.StreamHooks);
        Assert.Equal((7, 4), (model.NCtx, model.DVocab));
    }

    [Fact]
    public void AHookPointIsNamedOnce()
    {
        using var model = new HookedTransformer(ThreeLayers, seed: 1);
        Assert.Throws<InvalidOperationException>(() => HookPoint.NameTree(model));
    }
}
