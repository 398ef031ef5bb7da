namespace BeliefGeometry.Models.Tests.Import;

/// <summary>
/// A TransformerLens HookedTransformer's forward pass in plain float64 loops, written from the definition and sharing
/// nothing with the model under test: embed + pos_embed; per block x + attn(ln1(x)) with a causal mask and scores scaled
/// by 1/√d_head, then x + mlp(ln2(x)) with ReLU; ln_final; x W_U + b_U. LayerNorm: (x − mean)/√(var + eps)·w + b, var biased.
/// </summary>
internal static class ReferenceTransformer
{
    /// <summary>Logits [position][token] for <paramref name="tokens"/>; <paramref name="p"/> maps each parameter name to its row-major values.</summary>
    public static double[][] Logits(IReadOnlyDictionary<string, double[]> p, int layers, int dModel, int heads, int dHead, int dMlp, int vocab,
        int[] tokens, double eps = 1e-5)
    {
        int n = tokens.Length;
        var resid = new double[n][];
        for (int t = 0; t < n; t++)
            resid[t] = [.. Enumerable.Range(0, dModel).Select(d => p["embed.W_E"][tokens[t] * dModel + d] + p["pos_embed.W_pos"][t * dModel + d])];
        for (int l = 0; l < layers; l++)
        {
            string b = $"blocks.{l}.";
            var x = resid.Select(r => LayerNorm(r, p[b + "ln1.w"], p[b + "ln1.b"], eps)).ToArray();
            var attention = new double[n][];
            for (int t = 0; t < n; t++) attention[t] = [.. p[b + "attn.b_O"]];
            for (int h = 0; h < heads; h++)
            {
                double[][] Project(string m) => [.. x.Select(row => Enumerable.Range(0, dHead).Select(e =>
                    p[b + "attn.b_" + m][h * dHead + e] + Enumerable.Range(0, dModel).Sum(d => row[d] * p[b + "attn.W_" + m][(h * dModel + d) * dHead + e])).ToArray())];
                var (q, k, v) = (Project("Q"), Project("K"), Project("V"));
                for (int t = 0; t < n; t++)
                {
                    var scores = Enumerable.Range(0, t + 1).Select(s => Enumerable.Range(0, dHead).Sum(e => q[t][e] * k[s][e]) / Math.Sqrt(dHead)).ToArray();
                    double max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    double total = weights.Sum();
                    for (int e = 0; e < dHead; e++)
                    {
                        double z = Enumerable.Range(0, t + 1).Sum(s => weights[s] / total * v[s][e]);
                        for (int d = 0; d < dModel; d++) attention[t][d] += z * p[b + "attn.W_O"][(h * dHead + e) * dModel + d];
                    }
                }
            }
            for (int t = 0; t < n; t++)
            {
                for (int d = 0; d < dModel; d++) resid[t][d] += attention[t][d];
                var y = LayerNorm(resid[t], p[b + "ln2.w"], p[b + "ln2.b"], eps);
                var hidden = Enumerable.Range(0, dMlp).Select(j =>
                    Math.Max(0, p[b + "mlp.b_in"][j] + Enumerable.Range(0, dModel).Sum(d => y[d] * p[b + "mlp.W_in"][d * dMlp + j]))).ToArray();
                for (int d = 0; d < dModel; d++)
                    resid[t][d] += p[b + "mlp.b_out"][d] + Enumerable.Range(0, dMlp).Sum(j => hidden[j] * p[b + "mlp.W_out"][j * dModel + d]);
            }
        }
        return [.. resid.Select(r =>
        {
            var y = LayerNorm(r, p["ln_final.w"], p["ln_final.b"], eps);
            return Enumerable.Range(0, vocab).Select(x => p["unembed.b_U"][x] + Enumerable.Range(0, dModel).Sum(d => y[d] * p["unembed.W_U"][d * vocab + x])).ToArray();
        })];
    }

    private static double[] LayerNorm(double[] x, double[] w, double[] b, double eps)
    {
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        return [.. x.Select((v, d) => (v - mean) / Math.Sqrt(variance + eps) * w[d] + b[d])];
    }
}
