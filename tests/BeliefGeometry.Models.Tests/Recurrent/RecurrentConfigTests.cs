using System.Text.Json;
using BeliefGeometry.Models.Recurrent;

namespace BeliefGeometry.Models.Tests.Recurrent;

public sealed class RecurrentConfigTests
{
    private static readonly RecurrentConfig Valid = new() { Kind = "gru", DVocab = 3, HiddenSize = 8, NLayers = 2, NCtx = 10 };

    [Fact]
    public void ValidConfigPassesAndDEmbedDefaultsToHiddenSize()
    {
        Assert.Same(Valid, Valid.Validate());
        Assert.Equal(8, Valid.ResolvedDEmbed);
        Assert.Equal(5, (Valid with { DEmbed = 5 }).ResolvedDEmbed);
        Assert.Equal("tanh", Valid.Nonlinearity);
    }

    public static TheoryData<string, RecurrentConfig> Invalid => new()
    {
        { "kind", Valid with { Kind = "transformer" } },
        { "kind", Valid with { Kind = "LSTM" } },
        { "d_vocab", Valid with { DVocab = 0 } },
        { "hidden_size", Valid with { HiddenSize = 0 } },
        { "n_layers", Valid with { NLayers = 0 } },
        { "n_ctx", Valid with { NCtx = 0 } },
        { "d_embed", Valid with { DEmbed = 0 } },
        { "nonlinearity", Valid with { Kind = "rnn", Nonlinearity = "sigmoid" } },
        { "nonlinearity", Valid with { Kind = "gru", Nonlinearity = "relu" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ValidateNamesTheOffendingField(string field, RecurrentConfig config)
    {
        var error = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void InvalidConfigsStillPrint() =>
        Assert.Contains("transformer", (Valid with { Kind = "transformer" }).ToString());

    [Fact]
    public void ReluIsAllowedForRnn() =>
        Assert.Equal("relu", (Valid with { Kind = "rnn", Nonlinearity = "relu" }).Validate().Nonlinearity);

    [Theory]
    // d_vocab 3, d_embed 5, hidden 7, 2 layers: 3·5 + 7·3 + 3 = 39 outside the layers;
    // layer 0: g·(7·(5+7) + 2·7) = 98g, layer 1: g·(7·(7+7) + 2·7) = 112g.
    [InlineData("rnn", 39 + 1 * 210)]
    [InlineData("gru", 39 + 3 * 210)]
    [InlineData("lstm", 39 + 4 * 210)]
    public void ParameterCountIsPyTorchsClosedForm(string kind, long expected)
    {
        var config = new RecurrentConfig { Kind = kind, DVocab = 3, DEmbed = 5, HiddenSize = 7, NLayers = 2, NCtx = 4 };
        Assert.Equal(expected, config.ParameterCount());
    }

    [Fact]
    public void JsonUsesSnakeCaseNames()
    {
        var config = JsonSerializer.Deserialize<RecurrentConfig>(
            """{"kind":"rnn","d_vocab":3,"d_embed":4,"hidden_size":16,"n_layers":2,"n_ctx":10,"nonlinearity":"relu"}""")!;
        Assert.Equal(new RecurrentConfig { Kind = "rnn", DVocab = 3, DEmbed = 4, HiddenSize = 16, NLayers = 2, NCtx = 10, Nonlinearity = "relu" }, config);
        string json = JsonSerializer.Serialize(Valid);
        foreach (var name in new[] { "\"kind\"", "\"d_vocab\"", "\"hidden_size\"", "\"n_layers\"", "\"n_ctx\"", "\"d_embed\"", "\"nonlinearity\"" })
            Assert.Contains(name, json);
        Assert.DoesNotContain("Resolved", json);
    }
}
