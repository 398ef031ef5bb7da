using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Transformer;

/// <summary>
/// GPT-style decoder with TransformerLens's layout, parameter names and hook names, so weights export
/// to a TransformerLens state dict without renaming and activations are addressed by the names
/// researchers know. Reads top to bottom:
/// <code>
/// resid = embed(tokens) + pos_embed(positions)                 hook_embed, hook_pos_embed
/// for each block:  resid = resid + attn(ln1(resid))            blocks.{l}.hook_resid_pre → hook_resid_mid
///                  resid = resid + mlp(ln2(resid))             → blocks.{l}.hook_resid_post
/// logits = ln_final(resid) @ W_U + b_U                         ln_final.hook_normalized
/// </code>
/// Input: int64 tokens [batch, pos] with pos ≤ n_ctx. Output: logits [batch, pos, d_vocab].
/// <para>
/// Initialisation follows TransformerLens's default "gpt2" mode: every <c>W_*</c> matrix (including
/// <c>W_E</c>, <c>W_pos</c> and <c>W_U</c>) is drawn from N(0, σ²) with σ = <c>initializer_range</c>
/// (default 0.8/√d_model), in <c>named_parameters()</c> order from the caller's generator; biases are
/// zero, LayerNorm weights one.
/// </para>
/// <para>
/// Hooks are plain method calls on an optional recorder, not TorchSharp module hooks: a normal
/// <see cref="forward"/> passes <c>null</c> and pays one null check per hook point. Each module declares its own
/// <see cref="HookPoint"/>s by local name; their full names come from the module tree (<see cref="HookPoint.NameTree"/>).
/// </para>
/// </summary>
public sealed class HookedTransformer : nn.Module<Tensor, Tensor>, ISequenceModel, IHookedModule
{
    // Field names are the TransformerLens names: TorchSharp uses them when moving parameters between devices.
    private readonly Embed embed;
    private readonly PosEmbed pos_embed;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm? ln_final;
    private readonly Unembed unembed;
    private readonly HookPoint hook_embed = new(nameof(hook_embed)), hook_pos_embed = new(nameof(hook_pos_embed));

    /// <summary>Builds the model and initialises it from <paramref name="generator"/> (the global generator when null).</summary>
    public HookedTransformer(TransformerConfig config, Generator? generator = null) : base(nameof(HookedTransformer))
    {
        Config = config.Validate();
        embed = new Embed(config.DVocab, config.DModel);
        pos_embed = new PosEmbed(config);
        blocks = new ModuleList<TransformerBlock>(
            Enumerable.Range(0, config.NLayers).Select(_ => new TransformerBlock(config)).ToArray());
        ln_final = config.NormalizationType == "LN" ? new LayerNorm(config) : null;
        unembed = new Unembed(config.DModel, config.DVocab);

        // Registration order = TransformerLens's state-dict order.
        register_module(nameof(embed), embed);
        register_module(nameof(pos_embed), pos_embed);
        register_module(nameof(blocks), blocks);
        if (ln_final is not null) register_module(nameof(ln_final), ln_final);
        register_module(nameof(unembed), unembed);

        Blocks = [.. blocks];
        HookPoint.NameTree(this);
        HookPoints = [hook_embed, hook_pos_embed, .. blocks.SelectMany(b => b.HookPoints), .. ln_final?.HookPoints ?? []];
        HookNames = [.. HookPoints.Select(h => h.Name)];
        ResidualHooks = [.. blocks.SelectMany(b => new[] { b.hook_resid_pre, b.hook_resid_mid }), blocks[^1].hook_resid_post,
            .. ln_final?.HookPoints ?? []];
        ResidualHookNames = [.. ResidualHooks.Select(h => h.Name)];
        LayerOutputHooks = [.. blocks.Select(b => b.hook_resid_pre), blocks[^1].hook_resid_post];
        StreamHooks = [hook_embed, hook_pos_embed,
            .. blocks.SelectMany(b => new[] { b.hook_resid_pre, b.hook_resid_mid, b.hook_resid_post }), .. ln_final?.HookPoints ?? []];
        InitWeights(config.ResolvedInitializerRange, generator);
    }

    /// <summary>Builds the model with weights drawn from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public HookedTransformer(TransformerConfig config, long seed) : this(config, new Generator((ulong)seed)) { }

    /// <summary>The validated configuration.</summary>
    public TransformerConfig Config { get; }

    /// <inheritdoc/>
    public int NCtx => Config.NCtx;

    /// <inheritdoc/>
    public int DVocab => Config.DVocab;

    /// <summary>Every hook point, in the order a forward pass reaches them.</summary>
    public IReadOnlyList<HookPoint> HookPoints { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> HookNames { get; }

    /// <summary>
    /// The residual stream where probes look by default, in forward order: every distinct point of the stream —
    /// <c>blocks.{l}.hook_resid_pre</c> and <c>blocks.{l}.hook_resid_mid</c> for every block (block 0's resid_pre is
    /// the embedding; block l's resid_post is block l+1's resid_pre), the last block's <c>hook_resid_post</c> — and
    /// <c>ln_final.hook_normalized</c> when there is a final LayerNorm.
    /// </summary>
    public IReadOnlyList<HookPoint> ResidualHooks { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ResidualHookNames { get; }

    /// <summary>The embedding <c>blocks.0.hook_resid_pre</c>, every later block's <c>hook_resid_pre</c> (= the previous block's output) and the last block's <c>hook_resid_post</c>.</summary>
    public IReadOnlyList<HookPoint> LayerOutputHooks { get; }

    /// <summary><c>hook_embed</c>, <c>hook_pos_embed</c>, every block's resid_pre, resid_mid and resid_post, and <c>ln_final.hook_normalized</c>.</summary>
    public IReadOnlyList<HookPoint> StreamHooks { get; }

    IEnumerable<HookPoint> IHookedModule.LocalHookPoints => [hook_embed, hook_pos_embed];

    // For the incremental capture, which computes the same function position by position and reports at the same hook points.
    internal HookPoint HookEmbed => hook_embed;
    internal HookPoint HookPosEmbed => hook_pos_embed;
    internal IReadOnlyList<TransformerBlock> Blocks { get; }
    internal LayerNorm? LnFinal => ln_final;

    /// <summary>Logits [batch, pos, d_vocab] for int64 tokens [batch, pos].</summary>
    public override Tensor forward(Tensor tokens) => Run(tokens, hooks: null);

    /// <summary>
    /// TransformerLens's <c>run_with_cache</c>: the logits and, for every hook point whose name passes
    /// <paramref name="names"/> (all of them when null), the activation there, detached from the graph.
    /// Tensors belong to the caller's dispose scope, like the logits.
    /// </summary>
    public (Tensor logits, IReadOnlyDictionary<string, Tensor> cache) RunWithCache(Tensor tokens, Func<string, bool>? names = null) =>
        HookRecorder.RunWithCache(hooks => Run(tokens, hooks), names);

    private Tensor Run(Tensor tokens, HookRecorder? hooks)
    {
        HookRecorder.CheckTokens(tokens, Config.NCtx);

        var tokenEmbedding = hooks.Hook(hook_embed, embed.Forward(tokens));
        var positionEmbedding = hooks.Hook(hook_pos_embed, pos_embed.Forward(tokens));
        var resid = tokenEmbedding + positionEmbedding;
        foreach (var block in blocks)
            resid = block.Forward(resid, hooks);
        if (ln_final is not null)
            resid = ln_final.Forward(resid, hooks);
        return unembed.Forward(resid);
    }

    private void InitWeights(double std, Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            string leaf = name[(name.LastIndexOf('.') + 1)..];
            if (leaf.StartsWith("W_", StringComparison.Ordinal))
                parameter.normal_(0.0, std, generator);
            else if (leaf == "w")
                parameter.fill_(1.0);
            else
                parameter.zero_();
        }
    }

    // ---------------------------------------------------------------- components

    /// <summary><c>pos_embed.W_pos</c> [n_ctx, d_model]: a learned row per position, broadcast over the batch.</summary>
    private sealed class PosEmbed : nn.Module
    {
        private readonly Parameter W_pos;

        public PosEmbed(TransformerConfig c) : base(nameof(PosEmbed))
        {
            W_pos = nn.Parameter(empty(c.NCtx, c.DModel));
            register_parameter(nameof(W_pos), W_pos);
        }

        public Tensor Forward(Tensor tokens)
        {
            long batch = tokens.shape[0], pos = tokens.shape[1];
            return W_pos.narrow(0, 0, pos).unsqueeze(0).expand(batch, pos, W_pos.shape[1]);
        }
    }

    /// <summary>LayerNorm with TransformerLens's names <c>w</c>, <c>b</c>; <c>hook_normalized</c> is after the affine map.</summary>
    internal sealed class LayerNorm : nn.Module, IHookedModule
    {
        internal readonly HookPoint hook_normalized = new(nameof(hook_normalized));
        private readonly Parameter w;
        private readonly Parameter b;
        private readonly double eps;
        private readonly long[] normalizedShape;

        public LayerNorm(TransformerConfig c) : base(nameof(LayerNorm))
        {
            w = nn.Parameter(ones(c.DModel));
            b = nn.Parameter(zeros(c.DModel));
            register_parameter(nameof(w), w);
            register_parameter(nameof(b), b);
            eps = c.Eps;
            normalizedShape = [c.DModel];
        }

        public IEnumerable<HookPoint> LocalHookPoints => [hook_normalized];

        /// <summary>This module's hook points in forward order.</summary>
        public IEnumerable<HookPoint> HookPoints => [hook_normalized];

        public Tensor Forward(Tensor x, HookRecorder? hooks) =>
            hooks.Hook(hook_normalized, nn.functional.layer_norm(x, normalizedShape, w, b, eps));
    }

    /// <summary>
    /// Causal multi-head self-attention with per-head matrices as in TransformerLens:
    /// q = x W_Q + b_Q (likewise k, v), pattern = softmax(q kᵀ / √d_head, future masked),
    /// z = pattern v, out = Σ_heads z W_O + b_O.
    /// </summary>
    internal sealed class Attention : nn.Module, IHookedModule
    {
        private readonly Parameter W_Q, W_K, W_V, W_O, b_Q, b_K, b_V, b_O;
        private readonly double scale;
        internal readonly HookPoint hook_q = new(nameof(hook_q)), hook_k = new(nameof(hook_k)), hook_v = new(nameof(hook_v)),
            hook_pattern = new(nameof(hook_pattern)) { PerPosition = false }, hook_z = new(nameof(hook_z));

        public Attention(TransformerConfig c) : base(nameof(Attention))
        {
            W_Q = nn.Parameter(empty(c.NHeads, c.DModel, c.DHead));
            W_K = nn.Parameter(empty(c.NHeads, c.DModel, c.DHead));
            W_V = nn.Parameter(empty(c.NHeads, c.DModel, c.DHead));
            W_O = nn.Parameter(empty(c.NHeads, c.DHead, c.DModel));
            b_Q = nn.Parameter(zeros(c.NHeads, c.DHead));
            b_K = nn.Parameter(zeros(c.NHeads, c.DHead));
            b_V = nn.Parameter(zeros(c.NHeads, c.DHead));
            b_O = nn.Parameter(zeros(c.DModel));
            register_parameter(nameof(W_Q), W_Q);
            register_parameter(nameof(W_K), W_K);
            register_parameter(nameof(W_V), W_V);
            register_parameter(nameof(W_O), W_O);
            register_parameter(nameof(b_Q), b_Q);
            register_parameter(nameof(b_K), b_K);
            register_parameter(nameof(b_V), b_V);
            register_parameter(nameof(b_O), b_O);
            scale = 1.0 / Math.Sqrt(c.DHead);
        }

        public IEnumerable<HookPoint> LocalHookPoints => HookPoints;

        /// <summary>This module's hook points in forward order.</summary>
        public IEnumerable<HookPoint> HookPoints => [hook_q, hook_k, hook_v, hook_pattern, hook_z];

        public Tensor Forward(Tensor x, HookRecorder? hooks)
        {
            if (hooks is null) return FusedForward(x);
            var q = hooks.Hook(hook_q, einsum("bpd,hde->bphe", x, W_Q) + b_Q);   // [batch, pos, head, d_head]
            var k = hooks.Hook(hook_k, einsum("bpd,hde->bphe", x, W_K) + b_K);
            var v = hooks.Hook(hook_v, einsum("bpd,hde->bphe", x, W_V) + b_V);
            var scores = einsum("bqhe,bkhe->bhqk", q, k) * scale;              // [batch, head, query, key]
            long pos = x.shape[1];
            var positions = arange(pos, device: x.device);
            var future = positions.unsqueeze(0) > positions.unsqueeze(1);      // [query, key]: key after query
            var pattern = hooks.Hook(hook_pattern, scores.masked_fill(future, float.NegativeInfinity).softmax(-1));
            var z = hooks.Hook(hook_z, einsum("bhqk,bkhe->bqhe", pattern, v));  // [batch, pos, head, d_head]
            return einsum("bqhe,hed->bqd", z, W_O) + b_O;
        }

        /// <summary>
        /// The same function when no hook is read (training): q, k and v from one matmul with the three weight tensors
        /// side by side, libtorch's fused causal attention (scale 1/√d_head), and out = z [b·p, h·e] W_O [h·e, d] + b_O.
        /// </summary>
        private Tensor FusedForward(Tensor x)
        {
            long batch = x.shape[0], pos = x.shape[1], heads = W_Q.shape[0], dModel = W_Q.shape[1], dHead = W_Q.shape[2];
            var w = cat([W_Q, W_K, W_V], 0).permute(1, 0, 2).reshape(dModel, 3 * heads * dHead);  // [d, (3·h)·e]
            var bias = cat([b_Q, b_K, b_V], 0).reshape(3 * heads * dHead);
            var qkv = addmm(bias, x.reshape(batch * pos, dModel), w, beta: 1, alpha: 1)
                .view(batch, pos, 3, heads, dHead).permute(2, 0, 3, 1, 4);                             // [3, b, h, p, e]
            var z = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], null, 0.0, true); // [b, h, p, e]
            return addmm(b_O, z.permute(0, 2, 1, 3).reshape(batch * pos, heads * dHead), W_O.reshape(heads * dHead, dModel), beta: 1, alpha: 1)
                .view(batch, pos, dModel);
        }
    }

    /// <summary>Two-layer MLP: out = act(x W_in + b_in) W_out + b_out.</summary>
    internal sealed class Mlp : nn.Module, IHookedModule
    {
        private readonly Parameter W_in, b_in, W_out, b_out;
        private readonly bool gelu;
        internal readonly HookPoint hook_pre = new(nameof(hook_pre)), hook_post = new(nameof(hook_post));

        public Mlp(TransformerConfig c) : base(nameof(Mlp))
        {
            W_in = nn.Parameter(empty(c.DModel, c.DMlp));
            b_in = nn.Parameter(zeros(c.DMlp));
            W_out = nn.Parameter(empty(c.DMlp, c.DModel));
            b_out = nn.Parameter(zeros(c.DModel));
            register_parameter(nameof(W_in), W_in);
            register_parameter(nameof(b_in), b_in);
            register_parameter(nameof(W_out), W_out);
            register_parameter(nameof(b_out), b_out);
            gelu = c.ActFn == "gelu";
        }

        public IEnumerable<HookPoint> LocalHookPoints => HookPoints;

        /// <summary>This module's hook points in forward order.</summary>
        public IEnumerable<HookPoint> HookPoints => [hook_pre, hook_post];

        public Tensor Forward(Tensor x, HookRecorder? hooks)
        {
            long batch = x.shape[0], pos = x.shape[1];
            var pre = hooks.Hook(hook_pre, addmm(b_in, x.reshape(batch * pos, x.shape[2]), W_in, beta: 1, alpha: 1).view(batch, pos, W_in.shape[1]));
            var post = hooks.Hook(hook_post, gelu ? nn.functional.gelu(pre) : nn.functional.relu(pre));
            return addmm(b_out, post.reshape(batch * pos, W_in.shape[1]), W_out, beta: 1, alpha: 1).view(batch, pos, W_out.shape[1]);
        }
    }

    /// <summary>Pre-LayerNorm block: <c>x + attn(ln1(x))</c>, then <c>x + mlp(ln2(x))</c>.</summary>
    internal sealed class TransformerBlock : nn.Module, IHookedModule
    {
        internal readonly LayerNorm? ln1, ln2;
        internal readonly Attention attn;
        internal readonly Mlp mlp;
        internal readonly HookPoint hook_resid_pre = new(nameof(hook_resid_pre)), hook_attn_out = new(nameof(hook_attn_out)),
            hook_resid_mid = new(nameof(hook_resid_mid)), hook_mlp_out = new(nameof(hook_mlp_out)), hook_resid_post = new(nameof(hook_resid_post));

        public TransformerBlock(TransformerConfig c) : base(nameof(TransformerBlock))
        {
            bool layerNorm = c.NormalizationType == "LN";
            ln1 = layerNorm ? new LayerNorm(c) : null;
            ln2 = layerNorm ? new LayerNorm(c) : null;
            attn = new Attention(c);
            mlp = new Mlp(c);
            // TransformerLens's order: ln1, ln2, attn, mlp.
            if (ln1 is not null) register_module(nameof(ln1), ln1);
            if (ln2 is not null) register_module(nameof(ln2), ln2);
            register_module(nameof(attn), attn);
            register_module(nameof(mlp), mlp);
        }

        public IEnumerable<HookPoint> LocalHookPoints => [hook_resid_pre, hook_attn_out, hook_resid_mid, hook_mlp_out, hook_resid_post];

        /// <summary>This block's hook points (its own and its modules') in forward order.</summary>
        public IEnumerable<HookPoint> HookPoints =>
        [
            hook_resid_pre, .. ln1?.HookPoints ?? [], .. attn.HookPoints, hook_attn_out,
            hook_resid_mid, .. ln2?.HookPoints ?? [], .. mlp.HookPoints, hook_mlp_out, hook_resid_post,
        ];

        public Tensor Forward(Tensor residPre, HookRecorder? hooks)
        {
            hooks.Hook(hook_resid_pre, residPre);
            var attnOut = hooks.Hook(hook_attn_out, attn.Forward(ln1 is null ? residPre : ln1.Forward(residPre, hooks), hooks));
            var residMid = hooks.Hook(hook_resid_mid, residPre + attnOut);
            var mlpOut = hooks.Hook(hook_mlp_out, mlp.Forward(ln2 is null ? residMid : ln2.Forward(residMid, hooks), hooks));
            return hooks.Hook(hook_resid_post, residMid + mlpOut);
        }
    }
}
