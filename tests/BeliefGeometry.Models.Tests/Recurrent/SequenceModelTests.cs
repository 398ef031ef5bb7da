using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Recurrent;

/// <summary>Transformer and recurrent models go through one code path via <see cref="ISequenceModel"/>.</summary>
[Collection(TorchCollection.Name)]
public sealed class SequenceModelTests
{
    private const int DVocab = 3, NCtx = 6;

    public SequenceModelTests() => TorchRuntime.Initialize(TorchCollection.Threads);

    private static ISequenceModel Create(string kind) => kind switch
    {
        "transformer" => new HookedTransformer(
            new TransformerConfig { NLayers = 2, DModel = 16, NHeads = 2, DHead = 4, DMlp = 32, DVocab = DVocab, NCtx = NCtx }, seed: 1),
        _ => new HookedRecurrent(new RecurrentConfig { Kind = kind, DVocab = DVocab, HiddenSize = 8, NLayers = 2, NCtx = NCtx }, seed: 1),
    };

    [Theory]
    [InlineData("transformer")]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void ResidualHooksCanBeCapturedThroughTheInterface(string kind)
    {
        using var scope = NewDisposeScope();
        using var model = Create(kind);
        var tokens = randint(0, DVocab, [4, NCtx], dtype: int64, generator: new Generator(3));

        var residual = model.ResidualHookNames.ToHashSet();
        var (logits, cache) = model.RunWithCache(tokens, residual.Contains);

        Assert.NotEmpty(model.ResidualHookNames);
        Assert.All(model.ResidualHookNames, name => Assert.Contains(name, model.HookNames));
        Assert.Equal(model.ResidualHookNames.Order(), cache.Keys.Order());
        foreach (var (name, activation) in cache)
        {
            Assert.Equal(3, activation.dim());
            Assert.Equal([4L, NCtx], activation.shape[..2]);
        }
        Assert.Equal([4L, NCtx, DVocab], logits.shape);
        // The transformer's unhooked forward fuses q/k/v and attention, so it agrees to float rounding, not bit for bit.
        Assert.True(logits.allclose(model.call(tokens), rtol: 1e-5, atol: 1e-6));
        Assert.NotEmpty(model.parameters());
    }

    [Fact]
    public void TransformerResidualHooksAreTheResidualStreamAndTheFinalLayerNorm()
    {
        using var model = (HookedTransformer)Create("transformer");
        Assert.Equal(
            ["blocks.0.hook_resid_pre", "blocks.0.hook_resid_mid", "blocks.1.hook_resid_pre", "blocks.1.hook_resid_mid", "blocks.1.hook_resid_post", "ln_final.hook_normalized"],
            model.ResidualHookNames);
        using var withoutLayerNorm = new HookedTransformer(model.Config with { NormalizationType = null }, seed: 1);
        Assert.Equal(["blocks.0.hook_resid_pre", "blocks.0.hook_resid_mid", "blocks.1.hook_resid_pre", "blocks.1.hook_resid_mid", "blocks.1.hook_resid_post"],
            withoutLayerNorm.ResidualHookNames);
    }

    [Theory]
    [InlineData("transformer")]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void EveryParameterReceivesAGradient(string kind)
    {
        using var scope = NewDisposeScope();
        using var model = Create(kind);
        var tokens = randint(0, DVocab, [4, NCtx], dtype: int64, generator: new Generator(9));
        var loss = nn.functional.cross_entropy(model.call(tokens).reshape(-1, DVocab), tokens.reshape(-1));
        loss.backward();
        foreach (var (name, p) in ((nn.Module)model).named_parameters())
        {
            var grad = p.grad;
            Assert.True(grad is not null, $"{name} has no gradient");
            Assert.True(grad.abs().max().item<float>() > 0, $"{name} has a zero gradient");
        }
    }

    [Theory]
    [InlineData("transformer")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void ConvertingTheModelKeepsNamesAndComputesInTheNewType(string kind)
    {
        using var scope = NewDisposeScope();
        using var model = Create(kind);
        var module = (nn.Module)model;
        var names = module.named_parameters().Select(np => np.name).ToList();
        var tokens = randint(0, DVocab, [2, NCtx], dtype: int64, generator: new Generator(5));
        var logits32 = model.call(tokens);

        module.to(float64);

        Assert.Equal(names, module.named_parameters().Select(np => np.name));
        Assert.All(model.parameters(), p => Assert.Equal(float64, p.dtype));
        var logits64 = model.call(tokens);
        Assert.Equal(float64, logits64.dtype);
        Assert.True(logits64.allclose(logits32.to(float64), rtol: 0, atol: 1e-5));
    }
}
