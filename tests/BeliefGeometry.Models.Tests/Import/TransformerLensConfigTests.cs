using BeliefGeometry.Models.Import;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Tests.Import;

public sealed class TransformerLensConfigTests
{
    private const string Source = "config 'c.json'";

    /// <summary>epsilon-transformers' train_config.json of the published Mess3 model, as released.</summary>
    private const string EpsilonTransformers = """
        {"seed": 42, "n_ctx": 10, "act_fn": "relu", "d_head": 8, "d_model": 64, "d_vocab": 3, "n_heads": 1, "n_iters": 10, "n_layers": 4, "attn_only": false, "optimizer": "sgd", "batch_size": 64, "num_epochs": 1000000, "init_weights": true, "weight_decay": 0, "attention_dir": "causal", "learning_rate": 0.01, "use_attn_scale": true, "normalization_type": "LN"}
        """;

    [Fact]
    public void TheEpsilonTransformersFormHasDMlpFourTimesDModel()
    {
        var config = TransformerLensConfig.Parse(EpsilonTransformers, Source);

        Assert.Equal(TransformerConfig.Mess3Paper, config.Model);
        Assert.Equal(256, config.Model.DMlp);
        Assert.Equal("sgd", (string?)config.Fields["optimizer"]); // the training settings are kept as given
    }

    [Fact]
    public void TransformerLensNamesGiveTheModel()
    {
        var config = TransformerLensConfig.Parse("""
            { "n_layers": 2, "d_model": 12, "n_heads": 3, "d_head": 5, "d_mlp": 20, "d_vocab": 4, "n_ctx": 7, "act_fn": "gelu",
              "normalization_type": null, "eps": 1e-6, "d_vocab_out": 4, "positional_embedding_type": "standard", "attn_scale": 2.23606797749979 }
            """, Source);

        Assert.Equal((2, 12, 3, 5, 20, 4, 7, "gelu", (string?)null, 1e-6),
            (config.Model.NLayers, config.Model.DModel, config.Model.NHeads, config.Model.DHead, config.Model.DMlp, config.Model.DVocab,
             config.Model.NCtx, config.Model.ActFn, config.Model.NormalizationType, config.Model.Eps));
    }

    [Theory]
    [InlineData("attn_only", "true", "field 'attn_only' is true; allowed: false")]
    [InlineData("use_attn_scale", "false", "field 'use_attn_scale' is false; allowed: true")]
    [InlineData("attention_dir", "\"bidirectional\"", "field 'attention_dir' is \"bidirectional\"; allowed: \"causal\"")]
    [InlineData("positional_embedding_type", "\"rotary\"", "field 'positional_embedding_type' is \"rotary\"; allowed: \"standard\"")]
    [InlineData("act_fn", "\"gelu_new\"", "act_fn must be one of \"relu\", \"gelu\" (got \"gelu_new\")")]
    [InlineData("normalization_type", "\"RMS\"", "normalization_type must be \"LN\" or null")]
    [InlineData("d_vocab_out", "5", "field 'd_vocab_out' is 5; allowed: -1 or d_vocab = 3")]
    [InlineData("attn_scale", "1.0", "field 'attn_scale' is 1.0; allowed: √d_head")]
    [InlineData("rotary_dim", "4", "field 'rotary_dim' is unknown")]
    [InlineData("n_layers", "0", "field 'n_layers' is 0; allowed: an integer ≥ 1")]
    [InlineData("d_model", "\"64\"", "field 'd_model' is \"64\"; allowed: an integer ≥ 1")]
    [InlineData("d_mlp", "2.5", "field 'd_mlp' is 2.5; allowed: an integer ≥ 1")]
    public void SettingsTheModelCannotHonourAreRefusedByName(string field, string value, string expected)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(EpsilonTransformers)!.AsObject();
        json[field] = System.Text.Json.Nodes.JsonNode.Parse(value);

        var e = Assert.Throws<InputException>(() => TransformerLensConfig.Parse(json.ToJsonString(), Source));

        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Source, e.Message);
    }

    [Fact]
    public void AMissingFieldIsNamed() =>
        Assert.Contains("field 'n_layers' is missing; allowed: an integer ≥ 1",
            Assert.Throws<InputException>(() => TransformerLensConfig.Parse("""{ "d_model": 4, "n_heads": 1, "d_head": 4, "d_vocab": 2, "n_ctx": 3, "act_fn": "relu" }""", Source)).Message);
}
