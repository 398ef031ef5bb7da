using BeliefGeometry.Models.Transformer;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Transformer;

[Collection(TorchCollection.Name)]
public sealed class HookedTransformerTests
{
    private readonly ITestOutputHelper output;

    public HookedTransformerTests(ITestOutputHelper output)
    {
        TorchRuntime.Initialize(TorchCollection.Threads);
        this.output = output;
    }

    /// <summary>Small enough to be quick, big enough to have several heads, layers and a non-square W_O.</summary>
    private static readonly TransformerConfig Tiny = new()
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 4, DMlp = 32, DVocab = 3, NCtx = 6,
    };

    [Theory]
    [InlineData("Mess3Paper", 143_075)]
    [InlineData("RrxorPaper", 663_298)]
    public void ParameterCountMatchesThePublishedModel(string preset, long expected)
    {
        using var model = new HookedTransformer(Preset(preset), seed: 0);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("Mess3Paper")]
    [InlineData("RrxorPaper")]
    public void NamedParametersAreTransformerLensStateDictNamesAndShapes(string preset)
    {
        var c = Preset(preset);
        using var model = new HookedTransformer(c, seed: 0);

        var expected = new List<(string, long[])>
        {
            ("embed.W_E", [c.DVocab, c.DModel]),
            ("pos_embed.W_pos", [c.NCtx, c.DModel]),
        };
        for (int l = 0; l < c.NLayers; l++)
        {
            string p = $"blocks.{l}";
            expected.AddRange(new (string, long[])[]
            {
                ($"{p}.ln1.w", [c.DModel]), ($"{p}.ln1.b", [c.DModel]),
                ($"{p}.ln2.w", [c.DModel]), ($"{p}.ln2.b", [c.DModel]),
                ($"{p}.attn.W_Q", [c.NHeads, c.DModel, c.DHead]),
                ($"{p}.attn.W_K", [c.NHeads, c.DModel, c.DHead]),
                ($"{p}.attn.W_V", [c.NHeads, c.DModel, c.DHead]),
                ($"{p}.attn.W_O", [c.NHeads, c.DHead, c.DModel]),
                ($"{p}.attn.b_Q", [c.NHeads, c.DHead]),
                ($"{p}.attn.b_K", [c.NHeads, c.DHead]),
                ($"{p}.attn.b_V", [c.NHeads, c.DHead]),
                ($"{p}.attn.b_O", [c.DModel]),
                ($"{p}.mlp.W_in", [c.DModel, c.DMlp]), ($"{p}.mlp.b_in", [c.DMlp]),
                ($"{p}.mlp.W_out", [c.DMlp, c.DModel]), ($"{p}.mlp.b_out", [c.DModel]),
            });
        }
        expected.AddRange(new (string, long[])[]
        {
            ("ln_final.w", [c.DModel]), ("ln_final.b", [c.DModel]),
            ("unembed.W_U", [c.DModel, c.DVocab]), ("unembed.b_U", [c.DVocab]),
        });

        var actual = model.named_parameters().Select(np => (np.name, np.parameter.shape)).ToList();
        Assert.Equal(expected.Select(e => e.Item1), actual.Select(a => a.name));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].Item2.SequenceEqual(actual[i].shape),
                $"{expected[i].Item1}: expected [{string.Join(", ", expected[i].Item2)}], got [{string.Join(", ", actual[i].shape)}]");
        // state_dict (what safetensors export writes) holds the same entries: no stray buffers.
        Assert.Equal(expected.Select(e => e.Item1).Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void InitialisationFollowsTransformerLensGpt2Mode()
    {
        var c = TransformerConfig.Mess3Paper;
        using var model = new HookedTransformer(c, seed: 3);
        double std = 0.8 / Math.Sqrt(c.DModel);
        foreach (var (name, p) in model.named_parameters())
        {
            string leaf = name[(name.LastIndexOf('.') + 1)..];
            if (leaf.StartsWith("W_", StringComparison.Ordinal))
            {
                if (p.numel() >= 1000) // enough draws for a tight estimate of the standard deviation
                    Assert.InRange(p.std().item<float>(), 0.9 * std, 1.1 * std);
                Assert.True(p.abs().max().item<float>() > 0, name);
            }
            else if (leaf == "w")
                Assert.True(p.eq(1).all().item<bool>(), name);
            else
                Assert.True(p.eq(0).all().item<bool>(), name);
        }
    }

    [Fact]
    public void ForwardGivesLogitsPerPositionAndRejectsBadInput()
    {
        using var scope = NewDisposeScope();
        using var model = new HookedTransformer(Tiny, seed: 1);
        var tokens = randint(0, Tiny.DVocab, [5, 4], dtype: int64, generator: new Generator(2));
        Assert.Equal([5L, 4L, Tiny.DVocab], model.call(tokens).shape);

        Assert.Throws<ArgumentException>(() => model.call(zeros([2, Tiny.NCtx + 1], dtype: int64)));
        Assert.Throws<ArgumentException>(() => model.call(zeros([2, 3], dtype: float32)));
        Assert.Throws<ArgumentException>(() => model.call(zeros([6], dtype: int64)));
    }

    [Fact]
    public void RunWithCacheCapturesEveryHookWithItsTransformerLensShape()
    {
        using var scope = NewDisposeScope();
        var c = Tiny;
        using var model = new HookedTransformer(c, seed: 1);
        const int batch = 3, pos = 5; // pos < n_ctx on purpose
        var tokens = randint(0, c.DVocab, [batch, pos], dtype: int64, generator: new Generator(2));

        var (logits, cache) = model.RunWithCache(tokens);

        Assert.Equal(model.HookNames, cache.Keys);
        string[] required = ["hook_embed", "hook_pos_embed", "ln_final.hook_normalized"];
        foreach (var name in required)
            Assert.Contains(name, model.HookNames);
        for (int l = 0; l < c.NLayers; l++)
            foreach (var hook in new[] { "hook_resid_pre", "hook_resid_mid", "hook_resid_post", "attn.hook_pattern", "mlp.hook_post" })
                Assert.Contains($"blocks.{l}.{hook}", model.HookNames);
        // Per block: resid_pre, ln1, q, k, v, pattern, z, attn_out, resid_mid, ln2, mlp pre/post, mlp_out, resid_post.
        Assert.Equal(2 + c.NLayers * 14 + 1, model.HookNames.Count);

        foreach (var (name, activation) in cache)
        {
            long[] expected = name switch
            {
                _ when name.EndsWith("attn.hook_pattern", StringComparison.Ordinal) => [batch, c.NHeads, pos, pos],
                _ when name.EndsWith(".hook_q", StringComparison.Ordinal) || name.EndsWith(".hook_k", StringComparison.Ordinal)
                    || name.EndsWith(".hook_v", StringComparison.Ordinal) || name.EndsWith(".hook_z", StringComparison.Ordinal)
                    => [batch, pos, c.NHeads, c.DHead],
                _ when name.Contains(".mlp.hook_", StringComparison.Ordinal) => [batch, pos, c.DMlp],
                _ => [batch, pos, c.DModel],
            };
            Assert.True(expected.SequenceEqual(activation.shape),
                $"{name}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", activation.shape)}]");
            Assert.False(activation.requires_grad, $"{name} should be detached");
        }

        // Same logits as a plain forward (which fuses q/k/v and attention: equal to float rounding); attention
        // patterns are causal distributions.
        Assert.True(logits.allclose(model.call(tokens), rtol: 1e-5, atol: 1e-6));
        var pattern = cache["blocks.1.attn.hook_pattern"];
        Assert.True(pattern.sum(dim: -1).allclose(ones([batch, c.NHeads, pos]), rtol: 0, atol: 1e-6));
        Assert.True(pattern.triu(1).eq(0).all().item<bool>());
    }

    [Theory]
    [InlineData("Mess3Paper")]
    [InlineData("RrxorPaper")]
    public void TheFusedUnhookedForwardComputesTheHookedForward(string preset)
    {
        // Every parameter perturbed (biases start at zero), so the fused q/k/v, attention and W_O paths are all exercised.
        using var scope = NewDisposeScope();
        using var model = new HookedTransformer(Preset(preset), seed: 4);
        var generator = new Generator(8);
        using (no_grad())
            foreach (var p in model.parameters()) p.add_(randn(p.shape, generator: generator) * 0.1);
        var tokens = randint(0, Preset(preset).DVocab, [6, Preset(preset).NCtx], dtype: int64, generator: generator);
        var (hooked, _) = model.RunWithCache(tokens, _ => false);
        var fused = model.call(tokens);
        Assert.True(hooked.allclose(fused, rtol: 1e-4, atol: 1e-5), $"max |Δ| = {(hooked - fused).abs().max().item<float>()}");
        Assert.True((hooked - fused).abs().max().item<float>() < 1e-4);
        Assert.True(hooked.std().item<float>() > 0.1, "the logits vary, so agreement is not trivial");
    }

    [Fact]
    public void RunWithCacheRecordsOnlyTheRequestedHooks()
    {
        using var scope = NewDisposeScope();
        using var model = new HookedTransformer(Tiny, seed: 1);
        var tokens = zeros([2, 3], dtype: int64);
        var (_, cache) = model.RunWithCache(tokens, name => name.EndsWith("hook_resid_post", StringComparison.Ordinal));
        Assert.Equal(["blocks.0.hook_resid_post", "blocks.1.hook_resid_post"], cache.Keys);
    }

    [Fact]
    public void ChangingTokenAtPositionTLeavesEarlierLogitsUnchanged()
    {
        using var scope = NewDisposeScope();
        var c = TransformerConfig.Mess3Paper;
        using var model = new HookedTransformer(c, seed: 5);
        var tokens = randint(0, c.DVocab, [4, c.NCtx], dtype: int64, generator: new Generator(6));
        var logits = model.call(tokens);

        for (int t = 0; t < c.NCtx; t++)
        {
            var changed = tokens.clone();
            changed[.., t] = (changed[.., t] + 1).remainder(c.DVocab);
            var changedLogits = model.call(changed);
            if (t > 0)
            {
                double before = (changedLogits[.., ..t] - logits[.., ..t]).abs().max().item<float>();
                Assert.True(before <= 1e-6, $"t = {t}: logits before t moved by {before}");
            }
            double at = (changedLogits[.., t..] - logits[.., t..]).abs().max().item<float>();
            Assert.True(at > 1e-4, $"t = {t}: logits from t on did not react ({at})");
        }
    }

    [Fact]
    public void ResidualStreamChainsThroughBlocksAndFinalLayerNorm()
    {
        using var scope = NewDisposeScope();
        var c = Tiny;
        using var model = new HookedTransformer(c, seed: 11);
        var gen = new Generator(12);
        var parameters = model.named_parameters().ToDictionary(np => np.name, np => np.parameter);
        using (no_grad())
        {
            // Non-trivial LayerNorm and unembedding biases, so the check below can tell them apart from identity.
            foreach (var name in new[] { "ln_final.w", "ln_final.b", "unembed.b_U" })
                parameters[name].copy_(randn(parameters[name].shape, generator: gen));
        }
        var tokens = randint(0, c.DVocab, [3, c.NCtx], dtype: int64, generator: gen);
        var (logits, cache) = model.RunWithCache(tokens);

        Assert.True(Same(cache["blocks.0.hook_resid_pre"], cache["hook_embed"] + cache["hook_pos_embed"]));
        for (int l = 0; l < c.NLayers; l++)
        {
            string p = $"blocks.{l}";
            Assert.True(Same(cache[$"{p}.hook_resid_mid"], cache[$"{p}.hook_resid_pre"] + cache[$"{p}.hook_attn_out"]));
            Assert.True(Same(cache[$"{p}.hook_resid_post"], cache[$"{p}.hook_resid_mid"] + cache[$"{p}.hook_mlp_out"]));
            if (l + 1 < c.NLayers)
                Assert.True(Same(cache[$"{p}.hook_resid_post"], cache[$"blocks.{l + 1}.hook_resid_pre"]), $"block {l} → {l + 1}");
        }

        // ln_final's input is the last resid_post: recompute LayerNorm by hand (biased variance, eps 1e-5).
        var last = cache[$"blocks.{c.NLayers - 1}.hook_resid_post"].to(float64);
        var centred = last - last.mean([-1L], keepdim: true);
        var variance = centred.pow(2).mean([-1L], keepdim: true);
        var normalized = centred / (variance + c.Eps).sqrt() * parameters["ln_final.w"].to(float64) + parameters["ln_final.b"].to(float64);
        Assert.True(normalized.allclose(cache["ln_final.hook_normalized"].to(float64), rtol: 0, atol: 1e-5));

        var expectedLogits = cache["ln_final.hook_normalized"].matmul(parameters["unembed.W_U"]) + parameters["unembed.b_U"];
        Assert.True(expectedLogits.allclose(logits, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void SameSeedGivesIdenticalParametersAndOtherSeedsDiffer()
    {
        using var scope = NewDisposeScope();
        using var a = new HookedTransformer(TransformerConfig.Mess3Paper, seed: 42);
        using var b = new HookedTransformer(TransformerConfig.Mess3Paper, new Generator(42));
        using var other = new HookedTransformer(TransformerConfig.Mess3Paper, seed: 43);
        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        var po = other.named_parameters().ToList();
        for (int i = 0; i < pa.Count; i++)
            Assert.True(Same(pa[i].parameter, pb[i].parameter), pa[i].name);
        Assert.False(Same(pa.Single(p => p.name == "blocks.0.attn.W_Q").parameter, po.Single(p => p.name == "blocks.0.attn.W_Q").parameter));
    }

    [Fact]
    public void AdamLearnsToCopyThePreviousToken()
    {
        // Target at position t is the token at t-1: only attention to the previous position solves it.
        var c = Tiny with { DVocab = 4, NCtx = 8 };
        using var model = new HookedTransformer(c, seed: 21);
        var losses = PreviousTokenTask.Losses(model, c.DVocab, c.NCtx, lr: 1e-2, steps: 50, seed: 22);
        double first = losses[..5].Average(), last = losses[^5..].Average();
        output.WriteLine($"cross-entropy: first 5 steps {first:F3}, last 5 steps {last:F3}");
        Assert.InRange(first, 0.8 * Math.Log(c.DVocab), 1.5 * Math.Log(c.DVocab)); // starts near chance (ln 4 = 1.39)
        Assert.True(last < 0.2 * first, $"cross-entropy went from {first:F3} to {last:F3}");
    }

    /// <summary>Same shape and bitwise-equal elements.</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static TransformerConfig Preset(string name) => name switch
    {
        "Mess3Paper" => TransformerConfig.Mess3Paper,
        "RrxorPaper" => TransformerConfig.RrxorPaper,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
