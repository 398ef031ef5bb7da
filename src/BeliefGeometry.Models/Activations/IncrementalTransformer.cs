using BeliefGeometry.Data;
using BeliefGeometry.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Activations;

/// <summary>
/// <see cref="HookedTransformer"/>'s forward pass computed one position per prefix: level by level, each prefix's
/// new position attends to its own key/value and those cached for its ancestors (the <see cref="PrefixSet.Parent"/>
/// chain) at positions 0..p−1. Same weights and formulas as the model (TransformerLens layout):
/// q = x W_Q + b_Q (likewise k, v), pattern = softmax(q·k / √d_head) over keys 0..p, z = Σ pattern v,
/// attn_out = Σ_heads z W_O + b_O; MLP and LayerNorms as in the model.
/// </summary>
internal sealed class IncrementalTransformer
{
    private readonly HookedTransformer _model;
    private readonly TransformerConfig _c;
    private readonly Dictionary<string, Tensor> _p;

    public IncrementalTransformer(HookedTransformer model)
    {
        _model = model;
        _c = model.Config;
        _p = model.named_parameters().ToDictionary(kv => kv.name, kv => (Tensor)kv.parameter);
    }

    public void Run(PrefixSet prefixes, string[] hooks, int batchSize, ActivationCapture.RowSink sink)
    {
        var hookIndex = hooks.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        int count = prefixes.Count, positions = prefixes.MaxLength - prefixes.MinLength + 1;
        int layers = _c.NLayers, heads = _c.NHeads, dHead = _c.DHead, dModel = _c.DModel, he = heads * dHead;
        bool gelu = _c.ActFn == "gelu";
        double scale = 1.0 / Math.Sqrt(dHead);
        long[] normalizedShape = [dModel];

        using var weights = NewDisposeScope();
        // Per-layer weights flattened over heads: W_Q [h, d, e] → [d, h·e]; W_O [h, e, d] → [h·e, d].
        var wq = new Tensor[layers]; var wk = new Tensor[layers]; var wv = new Tensor[layers]; var wo = new Tensor[layers];
        var bq = new Tensor[layers]; var bk = new Tensor[layers]; var bv = new Tensor[layers];
        var keys = new Tensor[layers]; var values = new Tensor[layers];
        var device = TorchDevices.Of(_model);
        for (int l = 0; l < layers; l++)
        {
            string a = $"blocks.{l}.attn.";
            wq[l] = _p[a + "W_Q"].permute(1, 0, 2).reshape(dModel, he).contiguous();
            wk[l] = _p[a + "W_K"].permute(1, 0, 2).reshape(dModel, he).contiguous();
            wv[l] = _p[a + "W_V"].permute(1, 0, 2).reshape(dModel, he).contiguous();
            wo[l] = _p[a + "W_O"].reshape(he, dModel);
            bq[l] = _p[a + "b_Q"].reshape(he);
            bk[l] = _p[a + "b_K"].reshape(he);
            bv[l] = _p[a + "b_V"].reshape(he);
            keys[l] = empty(count, he, device: device);      // k of every prefix's own position
            values[l] = empty(count, he, device: device);
        }

        // chain[i·P + q] = the prefix whose own position is q on prefix i's path (q ≤ its position).
        var chain = new int[(long)count * positions];
        var ancestors = Array.Empty<long>();
        var newTokens = Array.Empty<long>();
        var layout = prefixes.Layout;

        for (int length = prefixes.MinLength; length <= prefixes.MaxLength; length++)
        {
            int p = length - prefixes.MinLength, levelStart = prefixes.LevelStart(length), levelCount = prefixes.LevelCount(length);
            for (int i = levelStart; i < levelStart + levelCount; i++)
            {
                int parent = prefixes.Parent(i);
                if (p > 0) Array.Copy(chain, (long)parent * positions, chain, (long)i * positions, p);
                chain[(long)i * positions + p] = i;
            }

            for (int start = levelStart; start < levelStart + levelCount; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, levelStart + levelCount - start);
                if (newTokens.Length < n) newTokens = new long[n];
                if (ancestors.Length < n * (p + 1)) ancestors = new long[n * (p + 1)];
                for (int r = 0; r < n; r++)
                {
                    int i = start + r;
                    newTokens[r] = layout.Bos && length == 0 ? layout.BosToken : prefixes.Prefix(i)[length - 1];
                    for (int q = 0; q <= p; q++) ancestors[r * (p + 1) + q] = chain[(long)i * positions + q];
                }
                var tokens = tensor(newTokens.AsSpan(0, n).ToArray(), [n], int64, device: device);
                var path = tensor(ancestors.AsSpan(0, n * (p + 1)).ToArray(), [n * (p + 1)], int64, device: device);

                // The model's own hook points, so both paths report under the same names.
                void Hook(HookPoint point, Tensor activation)
                {
                    if (hookIndex.TryGetValue(point.Name, out int h)) sink(h, start, activation);
                }

                Tensor Norm(string prefix, HookedTransformer.LayerNorm? norm, Tensor x)
                {
                    if (norm is null) return x;
                    var y = nn.functional.layer_norm(x, normalizedShape, _p[prefix + ".w"], _p[prefix + ".b"], _c.Eps);
                    Hook(norm.hook_normalized, y);
                    return y;
                }

                var embed = _p["embed.W_E"].index_select(0, tokens);                         // [n, d]
                var posEmbed = _p["pos_embed.W_pos"][p].unsqueeze(0).expand(n, dModel);      // [n, d]
                Hook(_model.HookEmbed, embed);
                Hook(_model.HookPosEmbed, posEmbed);
                var resid = embed + posEmbed;
                for (int l = 0; l < layers; l++)
                {
                    string b = $"blocks.{l}";
                    var block = _model.Blocks[l];
                    Hook(block.hook_resid_pre, resid);
                    var x = Norm(b + ".ln1", block.ln1, resid);
                    var q = x.matmul(wq[l]) + bq[l];                                           // [n, h·e]
                    var k = x.matmul(wk[l]) + bk[l];
                    var v = x.matmul(wv[l]) + bv[l];
                    Hook(block.attn.hook_q, q);
                    Hook(block.attn.hook_k, k);
                    Hook(block.attn.hook_v, v);
                    keys[l].narrow(0, start, n).copy_(k);
                    values[l].narrow(0, start, n).copy_(v);
                    var pastKeys = keys[l].index_select(0, path).view(n, p + 1, heads, dHead);    // [n, key, h, e]
                    var pastValues = values[l].index_select(0, path).view(n, p + 1, heads, dHead);
                    var scores = (q.view(n, 1, heads, dHead) * pastKeys).sum(dim: -1) * scale;   // [n, key, h]
                    var pattern = scores.softmax(1);
                    var z = (pattern.unsqueeze(-1) * pastValues).sum(dim: 1).reshape(n, he);    // [n, h·e]
                    Hook(block.attn.hook_z, z);
                    var attnOut = z.matmul(wo[l]) + _p[b + ".attn.b_O"];
                    Hook(block.hook_attn_out, attnOut);
                    var residMid = resid + attnOut;
                    Hook(block.hook_resid_mid, residMid);
                    var x2 = Norm(b + ".ln2", block.ln2, residMid);
                    var pre = x2.matmul(_p[b + ".mlp.W_in"]) + _p[b + ".mlp.b_in"];
                    Hook(block.mlp.hook_pre, pre);
                    var post = gelu ? nn.functional.gelu(pre) : nn.functional.relu(pre);
                    Hook(block.mlp.hook_post, post);
                    var mlpOut = post.matmul(_p[b + ".mlp.W_out"]) + _p[b + ".mlp.b_out"];
                    Hook(block.hook_mlp_out, mlpOut);
                    resid = residMid + mlpOut;
                    Hook(block.hook_resid_post, resid);
                }
                Norm("ln_final", _model.LnFinal, resid);
            }
        }
    }
}
