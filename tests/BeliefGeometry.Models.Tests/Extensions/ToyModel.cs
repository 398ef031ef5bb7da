using BeliefGeometry.Models.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = BeliefGeometry.Models.Experiments.ConfigFields<BeliefGeometry.Models.Tests.Extensions.ToyConfig>;

namespace BeliefGeometry.Models.Tests.Extensions;

/// <summary>A toy model family's config: what a contributor writes for a new family, with its defaults.</summary>
public sealed record ToyConfig
{
    public required int DVocab { get; init; }
    public required int NCtx { get; init; }
    public int Width { get; init; } = 4;
}

/// <summary>
/// A toy model family: a bigram model, logits(t) = onehot(x_t) W_E W_U + b_U (causal: position t sees token t only),
/// one hook point. Its <see cref="Family"/> is everything the experiment format and the trainer need.
/// </summary>
public sealed class ToyModel : nn.Module<Tensor, Tensor>, ISequenceModel
{
    /// <summary>The family: kind "toy", its fields (written once, here), its factory.</summary>
    public static ModelFamily Family { get; } = new ModelFamily<ToyConfig>(
        ["toy"],
        new ConfigSchema<ToyConfig>(new ToyConfig { DVocab = 0, NCtx = 0 },
        [
            F.Of("d_vocab", FieldTypes.Int(1), c => c.DVocab, (c, v) => c with { DVocab = v }, "the process's token count", required: true),
            F.Of("n_ctx", FieldTypes.Int(1), c => c.NCtx, (c, v) => c with { NCtx = v }, "≥ 1; positions", required: true),
            F.Of("width", FieldTypes.Int(1), c => c.Width, (c, v) => c with { Width = v }, "≥ 1; embedding width"),
        ]),
        (c, seed) => new ToyModel(c, seed), c => c.NCtx, c => c.DVocab);

    private readonly ToyConfig _config;
    private readonly Parameter embed, unembed, bias;

    public ToyModel(ToyConfig config, long seed) : base(nameof(ToyModel))
    {
        _config = config;
        var generator = new Generator((ulong)seed);
        embed = new Parameter(randn([config.DVocab, config.Width], generator: generator) * 0.5);
        unembed = new Parameter(randn([config.Width, config.DVocab], generator: generator) * 0.5);
        bias = new Parameter(zeros(config.DVocab));
        RegisterComponents();
    }

    private readonly HookPoint hook_embed = new(nameof(hook_embed));

    public int NCtx => _config.NCtx;

    public int DVocab => _config.DVocab;

    public IReadOnlyList<HookPoint> HookPoints => [hook_embed];

    public IReadOnlyList<HookPoint> ResidualHooks => [hook_embed];

    public override Tensor forward(Tensor tokens) => Run(tokens).logits;

    public (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Tensor tokens, Func<string, bool>? names = null)
    {
        var (logits, hidden) = Run(tokens);
        var cache = new Dictionary<string, Tensor>();
        if (names is null || names(hook_embed.Name)) cache[hook_embed.Name] = hidden.detach();
        return (logits, cache);
    }

    private (Tensor logits, Tensor hidden) Run(Tensor tokens)
    {
        var hidden = nn.functional.one_hot(tokens, _config.DVocab).to(float32).matmul(embed);
        return (hidden.matmul(unembed) + bias, hidden);
    }
}
