using BeliefGeometry.Models.Recurrent;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Recurrent;

[Collection(TorchCollection.Name)]
public sealed class HookedRecurrentTests
{
    private readonly ITestOutputHelper output;

    public HookedRecurrentTests(ITestOutputHelper output)
    {
        TorchRuntime.Initialize(TorchCollection.Threads);
        this.output = output;
    }

    /// <summary>Two layers and d_embed ≠ hidden_size, so layer 0 and layer 1 have differently shaped input weights.</summary>
    private static RecurrentConfig Tiny(string kind) => new()
    {
        Kind = kind, DVocab = 3, DEmbed = 5, HiddenSize = 7, NLayers = 2, NCtx = 6,
    };

    private static int Gates(string kind) => kind switch { "rnn" => 1, "gru" => 3, "lstm" => 4, _ => throw new ArgumentOutOfRangeException(nameof(kind)) };

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void ParameterCountIsTheClosedFormCount(string kind)
    {
        var c = Tiny(kind);
        using var model = new HookedRecurrent(c, seed: 0);
        // PyTorch: per layer gates·hidden·input + gates·hidden·hidden + 2·gates·hidden (bias_ih and bias_hh).
        long perLayer0 = Gates(kind) * (7 * 5 + 7 * 7 + 2 * 7), perLayer1 = Gates(kind) * (7 * 7 + 7 * 7 + 2 * 7);
        long expected = 3 * 5 + perLayer0 + perLayer1 + 7 * 3 + 3;
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        Assert.Equal(expected, c.ParameterCount());
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void NamedParametersAreStableWithPyTorchShapes(string kind)
    {
        var c = Tiny(kind);
        using var model = new HookedRecurrent(c, seed: 0);
        long gh = Gates(kind) * c.HiddenSize;
        var expected = new List<(string, long[])> { ("embed.W_E", [c.DVocab, c.ResolvedDEmbed]) };
        for (int l = 0; l < c.NLayers; l++)
        {
            long input = l == 0 ? c.ResolvedDEmbed : c.HiddenSize;
            expected.AddRange(new (string, long[])[]
            {
                ($"layers.{l}.weight_ih_l0", [gh, input]),
                ($"layers.{l}.weight_hh_l0", [gh, c.HiddenSize]),
                ($"layers.{l}.bias_ih_l0", [gh]),
                ($"layers.{l}.bias_hh_l0", [gh]),
            });
        }
        expected.Add(("unembed.W_U", [c.HiddenSize, c.DVocab]));
        expected.Add(("unembed.b_U", [c.DVocab]));

        var actual = model.named_parameters().Select(np => (np.name, np.parameter.shape)).ToList();
        Assert.Equal(expected.Select(e => e.Item1), actual.Select(a => a.name));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].Item2.SequenceEqual(actual[i].shape),
                $"{expected[i].Item1}: expected [{string.Join(", ", expected[i].Item2)}], got [{string.Join(", ", actual[i].shape)}]");
        Assert.Equal(expected.Select(e => e.Item1).Order(), model.state_dict().Keys.Order());
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void RunWithCacheCapturesEveryHookWithItsShape(string kind)
    {
        using var scope = NewDisposeScope();
        var c = Tiny(kind);
        using var model = new HookedRecurrent(c, seed: 1);
        const int batch = 3, pos = 5; // pos < n_ctx on purpose
        var tokens = randint(0, c.DVocab, [batch, pos], dtype: int64, generator: new Generator(2));

        var (logits, cache) = model.RunWithCache(tokens);

        Assert.Equal(["hook_embed", "layers.0.hook_hidden", "layers.1.hook_hidden", "hook_unembed_in"], model.HookNames);
        Assert.Equal(["hook_embed", "layers.0.hook_hidden", "layers.1.hook_hidden"], model.ResidualHookNames);
        Assert.Equal(model.HookNames, cache.Keys);
        foreach (var (name, activation) in cache)
        {
            long[] expected = name == "hook_embed" ? [batch, pos, c.ResolvedDEmbed] : [batch, pos, c.HiddenSize];
            Assert.True(expected.SequenceEqual(activation.shape),
                $"{name}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", activation.shape)}]");
            Assert.False(activation.requires_grad, $"{name} should be detached");
        }
        Assert.Equal([batch, pos, c.DVocab], logits.shape);

        // The embedding is a row lookup, the unembedding reads the last layer, and the logits match a plain forward.
        var parameters = model.named_parameters().ToDictionary(np => np.name, np => np.parameter);
        Assert.True(Same(cache["hook_embed"], parameters["embed.W_E"][tokens]));
        Assert.True(Same(cache["hook_unembed_in"], cache["layers.1.hook_hidden"]));
        var expectedLogits = cache["hook_unembed_in"].matmul(parameters["unembed.W_U"]) + parameters["unembed.b_U"];
        Assert.True(expectedLogits.allclose(logits, rtol: 0, atol: 1e-6));
        Assert.True(Same(logits, model.call(tokens)));

        var (_, filtered) = model.RunWithCache(tokens, name => name.EndsWith("hook_hidden", StringComparison.Ordinal));
        Assert.Equal(["layers.0.hook_hidden", "layers.1.hook_hidden"], filtered.Keys);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void StackedLayersEqualPyTorchsMultiLayerModule(string kind)
    {
        // Copy our per-layer weights into one two-layer PyTorch module: its output must be our last hidden state.
        using var scope = NewDisposeScope();
        var c = Tiny(kind) with { DEmbed = null };
        using var model = new HookedRecurrent(c, seed: 13);
        using nn.Module reference = kind switch
        {
            "rnn" => nn.RNN(c.HiddenSize, c.HiddenSize, numLayers: 2, batchFirst: true),
            "gru" => nn.GRU(c.HiddenSize, c.HiddenSize, numLayers: 2, batchFirst: true),
            _ => nn.LSTM(c.HiddenSize, c.HiddenSize, numLayers: 2, batchFirst: true),
        };
        var ours = model.named_parameters().ToDictionary(np => np.name, np => np.parameter);
        using (no_grad())
        {
            foreach (var (name, p) in reference.named_parameters())
            {
                // PyTorch's weight_ih_l1 is our layers.1.weight_ih_l0.
                string layer = name[^1..];
                ours.TryGetValue($"layers.{layer}.{name[..^1]}0", out var source);
                Assert.NotNull(source);
                p.copy_(source);
            }
        }
        var tokens = randint(0, c.DVocab, [4, c.NCtx], dtype: int64, generator: new Generator(14));
        var (_, cache) = model.RunWithCache(tokens);
        var embedded = cache["hook_embed"];
        Tensor expected = reference switch
        {
            TorchSharp.Modules.LSTM lstm => lstm.forward(embedded).Item1,
            TorchSharp.Modules.GRU gru => gru.forward(embedded).Item1,
            TorchSharp.Modules.RNN rnn => rnn.forward(embedded, null).Item1,
            _ => throw new InvalidOperationException(),
        };
        Assert.True(expected.allclose(cache["layers.1.hook_hidden"], rtol: 0, atol: 1e-6));
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void ChangingTokenAtPositionTLeavesEarlierLogitsUnchanged(string kind)
    {
        using var scope = NewDisposeScope();
        var c = Tiny(kind);
        using var model = new HookedRecurrent(c, seed: 5);
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
                Assert.True(before == 0, $"t = {t}: logits before t moved by {before}");
            }
            double at = (changedLogits[.., t..] - logits[.., t..]).abs().max().item<float>();
            Assert.True(at > 1e-4, $"t = {t}: logits from t on did not react ({at})");
        }
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void SameSeedGivesIdenticalModelsAndOtherSeedsDiffer(string kind)
    {
        using var scope = NewDisposeScope();
        var c = Tiny(kind);
        using var a = new HookedRecurrent(c, seed: 42);
        manual_seed(999); // the global generator must not matter
        using var b = new HookedRecurrent(c, new Generator(42));
        using var other = new HookedRecurrent(c, seed: 43);
        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        var po = other.named_parameters().ToList();
        for (int i = 0; i < pa.Count; i++)
        {
            Assert.True(Same(pa[i].parameter, pb[i].parameter), pa[i].name);
            Assert.False(Same(pa[i].parameter, po[i].parameter), pa[i].name);
        }
        var tokens = randint(0, c.DVocab, [2, c.NCtx], dtype: int64, generator: new Generator(1));
        Assert.True(Same(a.call(tokens), b.call(tokens)));
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void InitialisationFollowsPyTorchDefaults(string kind)
    {
        var c = Tiny(kind) with { HiddenSize = 64, DEmbed = 64, DVocab = 50 };
        using var model = new HookedRecurrent(c, seed: 3);
        double bound = 1.0 / Math.Sqrt(c.HiddenSize);
        foreach (var (name, p) in model.named_parameters())
        {
            if (name == "embed.W_E")
            {
                Assert.InRange(p.std().item<float>(), 0.9, 1.1); // N(0, 1)
                continue;
            }
            Assert.True(p.abs().max().item<float>() <= bound, $"{name} exceeds 1/√hidden");
            if (p.numel() >= 1000) // U(-k, k) has standard deviation k/√3
                Assert.InRange(p.std().item<float>(), 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
        }
    }

    [Fact]
    public void ForwardRejectsBadInput()
    {
        using var scope = NewDisposeScope();
        var c = Tiny("gru");
        using var model = new HookedRecurrent(c, seed: 1);
        Assert.Throws<ArgumentException>(() => model.call(zeros([2, c.NCtx + 1], dtype: int64)));
        Assert.Throws<ArgumentException>(() => model.call(zeros([2, 3], dtype: float32)));
        Assert.Throws<ArgumentException>(() => model.call(zeros([6], dtype: int64)));
        var error = Assert.Throws<ArgumentException>(() => new HookedRecurrent(c with { HiddenSize = 0 }, seed: 1));
        Assert.Equal("hidden_size", error.ParamName);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void AdamLearnsToCopyThePreviousToken(string kind)
    {
        // Target at position t is the token at t-1: the hidden state has to remember one step back.
        var c = new RecurrentConfig { Kind = kind, DVocab = 4, HiddenSize = 16, NLayers = 1, NCtx = 8 };
        using var model = new HookedRecurrent(c, seed: 21);
        var losses = PreviousTokenTask.Losses(model, c.DVocab, c.NCtx, lr: 3e-2, steps: 60, seed: 22);
        double first = losses[0], last = losses[^5..].Average();
        output.WriteLine($"{kind}: cross-entropy at step 1 {first:F3}, mean of the last 5 of {losses.Length} steps {last:F3}");
        Assert.InRange(first, 0.8 * Math.Log(c.DVocab), 1.5 * Math.Log(c.DVocab)); // starts near chance (ln 4 = 1.39)
        Assert.True(last < 0.2 * first, $"cross-entropy went from {first:F3} to {last:F3}");
    }

    /// <summary>Same shape and bitwise-equal elements.</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
