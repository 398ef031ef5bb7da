using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Recurrent;

/// <summary>
/// Recurrent next-token model (Elman RNN, GRU or LSTM) with the same interface and hook conventions as
/// <see cref="Transformer.HookedTransformer"/>, so training and probing treat both alike. Reads top to bottom:
/// <code>
/// x = W_E[tokens]                                  hook_embed            [batch, pos, d_embed]
/// for each layer l:  x = recurrent_l(x)            layers.{l}.hook_hidden [batch, pos, hidden]
/// logits = x @ W_U + b_U                           hook_unembed_in (= the last layer's hidden)
/// </code>
/// Each layer is its own single-layer PyTorch <c>nn.RNN</c>/<c>nn.GRU</c>/<c>nn.LSTM</c> (batch-first,
/// zero initial state) so every layer's hidden state is observable; stacking them is what PyTorch's
/// multi-layer module computes (no dropout). The state at position t depends only on tokens 0..t, so
/// the model is causal by construction. For an LSTM the hook is h (the output), not the cell state c.
/// <para>
/// Parameter names: <c>embed.W_E</c> [d_vocab, d_embed]; <c>layers.{l}.weight_ih_l0</c>
/// [gates·hidden, input], <c>layers.{l}.weight_hh_l0</c> [gates·hidden, hidden],
/// <c>layers.{l}.bias_ih_l0</c> and <c>layers.{l}.bias_hh_l0</c> [gates·hidden] (PyTorch's names and gate
/// order inside each single-layer module); <c>unembed.W_U</c> [hidden, d_vocab], <c>unembed.b_U</c> [d_vocab].
/// </para>
/// <para>
/// Initialisation: PyTorch's defaults, drawn in <c>named_parameters()</c> order from the caller's
/// generator: <c>W_E</c> ~ N(0, 1) (as <c>nn.Embedding</c>); every recurrent weight and bias and
/// <c>W_U</c>, <c>b_U</c> ~ U(−1/√hidden, 1/√hidden) (as <c>nn.RNN</c>/<c>nn.GRU</c>/<c>nn.LSTM</c>, and
/// <c>nn.Linear</c> whose fan-in is hidden). Building the native recurrent modules also draws from
/// torch's global generator before these values overwrite theirs.
/// </para>
/// </summary>
public sealed class HookedRecurrent : nn.Module<Tensor, Tensor>, ISequenceModel, IHookedModule
{
    // Field names are the parameter-name prefixes.
    private readonly Embed embed;
    private readonly ModuleList<nn.Module> layers;
    private readonly Unembed unembed;
    private readonly HookPoint hook_embed = new(nameof(hook_embed)), hook_unembed_in = new(nameof(hook_unembed_in));
    // Each layer is a native PyTorch module that cannot hold a hook point; the model declares layer l's as "layers.{l}.hook_hidden".
    private readonly HookPoint[] hook_hidden;

    /// <summary>Builds the model and initialises it from <paramref name="generator"/> (the global generator when null).</summary>
    public HookedRecurrent(RecurrentConfig config, Generator? generator = null) : base(nameof(HookedRecurrent))
    {
        Config = config.Validate();
        embed = new Embed(config.DVocab, config.ResolvedDEmbed);
        layers = new ModuleList<nn.Module>(
            Enumerable.Range(0, config.NLayers).Select(l => Layer(config, l == 0 ? config.ResolvedDEmbed : config.HiddenSize)).ToArray());
        unembed = new Unembed(config.HiddenSize, config.DVocab);

        register_module(nameof(embed), embed);
        register_module(nameof(layers), layers);
        register_module(nameof(unembed), unembed);

        hook_hidden = [.. Enumerable.Range(0, config.NLayers).Select(l => new HookPoint($"{nameof(layers)}.{l}.{nameof(hook_hidden)}"))];
        HookPoint.NameTree(this);
        HookPoints = [hook_embed, .. hook_hidden, hook_unembed_in];
        HookNames = [.. HookPoints.Select(h => h.Name)];
        ResidualHooks = [hook_embed, .. hook_hidden];
        ResidualHookNames = [.. ResidualHooks.Select(h => h.Name)];
        InitWeights(config.HiddenSize, generator);
    }

    /// <summary>Builds the model with weights drawn from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public HookedRecurrent(RecurrentConfig config, long seed) : this(config, new Generator((ulong)seed)) { }

    /// <summary>The validated configuration.</summary>
    public RecurrentConfig Config { get; }

    /// <inheritdoc/>
    public int NCtx => Config.NCtx;

    /// <inheritdoc/>
    public int DVocab => Config.DVocab;

    /// <summary><c>hook_embed</c>, <c>layers.{l}.hook_hidden</c> for every layer, <c>hook_unembed_in</c>.</summary>
    public IReadOnlyList<HookPoint> HookPoints { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> HookNames { get; }

    /// <summary><c>hook_embed</c> and every layer's <c>hook_hidden</c> (<c>hook_unembed_in</c> repeats the last one).</summary>
    public IReadOnlyList<HookPoint> ResidualHooks { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ResidualHookNames { get; }

    /// <summary>Every hook point of <see cref="ResidualHooks"/>: the embedding and each layer's hidden state.</summary>
    public IReadOnlyList<HookPoint> LayerOutputHooks => ResidualHooks;

    /// <summary>The same as <see cref="ResidualHooks"/> (<c>hook_unembed_in</c> only repeats the last layer).</summary>
    public IReadOnlyList<HookPoint> StreamHooks => ResidualHooks;

    IEnumerable<HookPoint> IHookedModule.LocalHookPoints => [hook_embed, .. hook_hidden, hook_unembed_in];

    /// <summary>Logits [batch, pos, d_vocab] for int64 tokens [batch, pos].</summary>
    public override Tensor forward(Tensor tokens) => Run(tokens, hooks: null);

    /// <summary>
    /// The logits and, for every hook point whose name passes <paramref name="names"/> (all of them when
    /// null), the activation there, detached from the graph. Tensors belong to the caller's dispose scope.
    /// </summary>
    public (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Tensor tokens, Func<string, bool>? names = null) =>
        HookRecorder.RunWithCache(hooks => Run(tokens, hooks), names);

    private Tensor Run(Tensor tokens, HookRecorder? hooks)
    {
        HookRecorder.CheckTokens(tokens, Config.NCtx);

        var x = hooks.Hook(hook_embed, embed.Forward(tokens));
        for (int l = 0; l < layers.Count; l++)
            x = hooks.Hook(hook_hidden[l], Step(layers[l], x));
        return unembed.Forward(hooks.Hook(hook_unembed_in, x));
    }

    /// <summary>One recurrent layer over the whole sequence from a zero state: its hidden state at every position.</summary>
    private static Tensor Step(nn.Module layer, Tensor x)
    {
        switch (layer)
        {
            case LSTM lstm:
            {
                var (output, hN, cN) = lstm.forward(x);
                hN.Dispose();
                cN.Dispose();
                return output;
            }
            case GRU gru:
            {
                var (output, hN) = gru.forward(x);
                hN.Dispose();
                return output;
            }
            case RNN rnn:
            {
                var (output, hN) = rnn.forward(x, null);
                hN.Dispose();
                return output;
            }
            default:
                throw new InvalidOperationException($"Unexpected layer type {layer.GetType().Name}.");
        }
    }

    private static nn.Module Layer(RecurrentConfig c, long inputSize) => c.Kind switch
    {
        "rnn" => nn.RNN(inputSize, c.HiddenSize, numLayers: 1,
            nonLinearity: c.Nonlinearity == "relu" ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh, batchFirst: true),
        "gru" => nn.GRU(inputSize, c.HiddenSize, numLayers: 1, batchFirst: true),
        "lstm" => nn.LSTM(inputSize, c.HiddenSize, numLayers: 1, batchFirst: true),
        _ => throw new ArgumentException($"Unknown kind \"{c.Kind}\".", "kind"),
    };

    private void InitWeights(int hiddenSize, Generator? generator)
    {
        using var noGrad = no_grad();
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name == "embed.W_E")
                parameter.normal_(0.0, 1.0, generator);
            else
                parameter.uniform_(-bound, bound, generator);
        }
    }
}
