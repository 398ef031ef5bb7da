using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The inputs on which a run's per-position validation loss is measured, each scored against the exact next-token
/// distribution P(· | prefix) rather than one sampled next token. At position t the model has seen the prefix of
/// k = <see cref="SequenceLayout.VisibleTokens"/>(t) real tokens, so its loss there is
/// E_prefix[−Σₓ P(x | prefix) ln q(x | prefix)] = h(k+1)·ln 2 + E[KL(P ‖ q)] — never below the floor.
/// When the process has at most <see cref="MaxExactWords"/> input words (Mess3 at n_ctx 10: 3¹⁰), all of them
/// weighted by probability, which makes the loss exact; otherwise a fixed seeded sample of
/// <see cref="SampleWords"/> inputs, weighted equally (then only the mean KL part is sampled).
/// </summary>
public sealed class ValidationSet
{
    /// <summary>Largest number of input words evaluated exactly.</summary>
    public const int MaxExactWords = 1 << 16;

    /// <summary>Inputs in the sample when exact evaluation is too large.</summary>
    public const int SampleWords = 16384;

    private const int Chunk = 1024; // inputs per forward pass: 8192 held ~2 GB of activations for the Mess3 model

    private readonly long[] _inputs;    // [word][position]
    private readonly float[] _targets;  // [word][position][token]: P(x | the prefix visible at that position)
    private readonly double[] _weights; // [word], summing to 1

    private ValidationSet(HiddenMarkovProcess process, SequenceLayout layout, int[] words, double[] weights, bool exact)
    {
        Layout = layout;
        Count = weights.Length;
        IsExact = exact;
        int n = layout.ContextLength, m = InputTokens(layout), v = process.TokenCount;
        _inputs = new long[Count * n];
        _targets = new float[Count * n * v];
        var next = new double[(m + 1) * v]; // P(· | first k tokens), k = 0…m
        var belief = new double[process.StateCount];
        var updated = new double[process.StateCount];
        for (int i = 0; i < Count; i++)
        {
            var word = words.AsSpan(i * m, m);
            process.InitialState.CopyTo(belief);
            for (int k = 0; k <= m; k++)
            {
                BeliefUpdate.NextTokenDistribution(process, belief, next.AsSpan(k * v, v));
                if (k == m) break;
                BeliefUpdate.Update(process, belief, word[k], updated);
                (belief, updated) = (updated, belief);
            }
            int offset = layout.Bos ? 1 : 0;
            if (layout.Bos) _inputs[i * n] = layout.BosToken;
            for (int t = offset; t < n; t++) _inputs[i * n + t] = word[t - offset];
            for (int t = 0; t < n; t++)
            {
                int k = layout.VisibleTokens(t);
                for (int x = 0; x < v; x++) _targets[(i * n + t) * v + x] = (float)next[k * v + x];
            }
        }
        double total = weights.Sum();
        _weights = Array.ConvertAll(weights, w => w / total);
    }

    public SequenceLayout Layout { get; }

    /// <summary>Number of input words.</summary>
    public int Count { get; }

    /// <summary>Whether the inputs are all input words of the process (exact expected loss) rather than a sample.</summary>
    public bool IsExact { get; }

    /// <summary>Real tokens in an input: n_ctx without BOS, n_ctx − 1 with BOS at position 0.</summary>
    private static int InputTokens(SequenceLayout layout) => layout.Bos ? layout.ContextLength - 1 : layout.ContextLength;

    /// <summary>
    /// All input words when there are at most <see cref="MaxExactWords"/>, else a sample drawn with
    /// <paramref name="seed"/> (from <paramref name="exact"/> when given, else streamed from the process).
    /// </summary>
    public static ValidationSet Create(HiddenMarkovProcess process, SequenceLayout layout, ExactDataset? exact, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(layout);
        int m = InputTokens(layout);
        if (m == 0) return new ValidationSet(process, layout, [], [1.0], exact: true);
        try
        {
            // Words of length m with their probabilities: a BOS layout of context m has words of exactly m tokens.
            var all = ExactDataset.Enumerate(process, new SequenceLayout(m, process.TokenCount, bos: true), maxTokens: (long)MaxExactWords * m);
            return new ValidationSet(process, layout, all.Tokens.ToArray(), all.Probabilities.ToArray(), exact: true);
        }
        catch (InputException)
        {
            // Too many words: sample instead.
        }
        var words = new int[SampleWords * m];
        if (exact is not null)
        {
            var full = new int[SampleWords * exact.WordLength];
            exact.SampleBatch(exact.CreateSampler(seed), full, SampleWords);
            for (int i = 0; i < SampleWords; i++)
                full.AsSpan(i * exact.WordLength, m).CopyTo(words.AsSpan(i * m, m));
        }
        else
        {
            new ProcessSampler(process, seed).SampleBatch(words, SampleWords, m);
        }
        var weights = new double[SampleWords];
        Array.Fill(weights, 1.0);
        return new ValidationSet(process, layout, words, weights, exact: false);
    }

    /// <summary>Weighted mean cross-entropy (nats) of <paramref name="model"/> against P(· | prefix) at every position (n_ctx values).</summary>
    public double[] PerPositionLoss(ISequenceModel model, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = Layout.ContextLength, v = Layout.TokenCount;
        var loss = new double[n];
        using var noGrad = torch.no_grad();
        for (int start = 0; start < Count; start += Chunk)
        {
            using var scope = torch.NewDisposeScope();
            int b = Math.Min(Chunk, Count - start);
            var inputs = torch.tensor(_inputs.AsSpan(start * n, b * n).ToArray(), [b, n], device: device);
            var targets = torch.tensor(_targets.AsSpan(start * n * v, b * n * v).ToArray(), [b, n, v], device: device);
            var weights = torch.tensor(_weights.AsSpan(start, b).ToArray(), [b, 1], device: device);
            // Only the process's tokens can follow (a BOS logit takes probability mass, and is charged for it).
            var logProbs = model.call(inputs).log_softmax(-1).narrow(-1, 0, v);
            var perToken = -(targets * logProbs).sum(dim: -1L);
            var perPosition = (perToken.to(ScalarType.Float64) * weights).sum(dim: 0L).cpu();
            var values = perPosition.data<double>().ToArray();
            for (int t = 0; t < n; t++) loss[t] += values[t];
        }
        return loss;
    }
}
