using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Tests.Transformer;

public sealed class TransformerConfigTests
{
    [Fact]
    public void PaperPresetsAreValidAndMatchThePublishedShapes()
    {
        var mess3 = TransformerConfig.Mess3Paper.Validate();
        Assert.Equal((4, 64, 1, 8, 256, 3, 10, "relu", "LN"),
            (mess3.NLayers, mess3.DModel, mess3.NHeads, mess3.DHead, mess3.DMlp, mess3.DVocab, mess3.NCtx, mess3.ActFn, mess3.NormalizationType));
        var rrxor = TransformerConfig.RrxorPaper.Validate();
        Assert.Equal((4, 128, 4, 16, 512, 2, 10, "relu", "LN"),
            (rrxor.NLayers, rrxor.DModel, rrxor.NHeads, rrxor.DHead, rrxor.DMlp, rrxor.DVocab, rrxor.NCtx, rrxor.ActFn, rrxor.NormalizationType));
        Assert.Equal(0.1, mess3.ResolvedInitializerRange, 1e-12); // TransformerLens: 0.8 / sqrt(d_model)
    }

    public static TheoryData<string, Func<TransformerConfig, TransformerConfig>> InvalidConfigs => new()
    {
        { "n_layers", c => c with { NLayers = 0 } },
        { "d_model", c => c with { DModel = -1 } },
        { "n_heads", c => c with { NHeads = 0 } },
        { "d_head", c => c with { DHead = 0 } },
        { "d_mlp", c => c with { DMlp = 0 } },
        { "d_vocab", c => c with { DVocab = 0 } },
        { "n_ctx", c => c with { NCtx = 0 } },
        { "act_fn", c => c with { ActFn = "tanh" } },
        { "act_fn", c => c with { ActFn = "ReLU" } },
        { "normalization_type", c => c with { NormalizationType = "RMS" } },
        { "eps", c => c with { Eps = 0 } },
        { "initializer_range", c => c with { InitializerRange = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void ValidateNamesTheOffendingField(string field, Func<TransformerConfig, TransformerConfig> corrupt)
    {
        var config = corrupt(TransformerConfig.Mess3Paper);
        var error = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Equal(field, error.ParamName);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeluAndNoNormalizationAreAccepted()
    {
        TransformerConfig.Mess3Paper.Validate();
        (TransformerConfig.Mess3Paper with { ActFn = "gelu", NormalizationType = null }).Validate();
    }
}
