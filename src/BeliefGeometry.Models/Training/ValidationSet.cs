using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The words on which a run's per-position validation loss is measured. When the process has at most
/// <see cref="MaxExactWords"/> words of the needed length, all of them weighted by probability, so the loss is the
/// exact expected cross-entropy Σ_w P(w) · (−ln q(x_{t+1} | x_{≤t})); otherwise a fixed seeded sample of
/// <see cref="SampleWords"/> words drawn by probability, weighted equally.
/// </summary>
public sealed class ValidationSet
{
    /// <summary>Largest number of words evaluated exactly.</summary>
    public const int MaxExactWords = 1 << 16;

    /// <summary>Words in the sample when exact evaluation is too large.</summary>
    public const int SampleWords = 16384;

    private const int Chunk = 8192;

    private readonly long[] _inputs;
    private readonly long[] _targets;
    private readonly double[] _weights;

    private ValidationSet(SequenceLayout layout, int[] words, double[] weights, bool exact)
    {
        Layout = layout;
        Count = weights.Length;
        IsExact = exact;
        int n = layout.ContextLength;
        var inputs = new int[Count * n];
        var targets = new int[Count * n];
        layout.SplitBatch(words, Count, inputs, targets);
        _inputs = Array.ConvertAll(inputs, x => (long)x);
        _targets = Array.ConvertAll(targets, x => (long)x);
        double total = weights.Sum();
        _weights = Array.ConvertAll(weights, w => w / total);
    }

    public SequenceLayout Layout { get; }

    /// <summary>Number of words.</summary>
    public int Count { get; }

    /// <summary>Whether the words are all words of the process (exact expected loss) rather than a sample.</summary>
    public bool IsExact { get; }

    /// <summary>
    /// All words when there are at most <see cref="MaxExactWords"/> (taken from <paramref name="exact"/> when given,
    /// else enumerated), else a sample drawn with <paramref name="seed"/>.
    /// </summary>
    public static ValidationSet Create(HiddenMarkovProcess process, SequenceLayout layout, ExactDataset? exact, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(layout);
        int w = layout.WordLength;
        if (exact is null)
        {
            try { exact = ExactDataset.Enumerate(process, layout, maxTokens: (long)MaxExactWords * w); }
            catch (InputException) { exact = null; } // too many words: sample instead
        }
        if (exact is not null && exact.WordCount <= MaxExactWords)
            return new ValidationSet(layout, exact.Tokens.ToArray(), exact.Probabilities.ToArray(), exact: true);

        var words = new int[SampleWords * w];
        if (exact is not null)
            exact.SampleBatch(exact.CreateSampler(seed), words, SampleWords);
        else
            new ProcessSampler(process, seed).SampleBatch(words, SampleWords, w);
        var weights = new double[SampleWords];
        Array.Fill(weights, 1.0);
        return new ValidationSet(layout, words, weights, exact: false);
    }

    /// <summary>Weighted mean cross-entropy (nats) of <paramref name="model"/> at every position (n_ctx values).</summary>
    public double[] PerPositionLoss(ISequenceModel model, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = Layout.ContextLength;
        var loss = new double[n];
        using var noGrad = torch.no_grad();
        for (int start = 0; start < Count; start += Chunk)
        {
            using var scope = torch.NewDisposeScope();
            int b = Math.Min(Chunk, Count - start);
            var inputs = torch.tensor(_inputs.AsSpan(start * n, b * n).ToArray(), [b, n], device: device);
            var targets = torch.tensor(_targets.AsSpan(start * n, b * n).ToArray(), [b * n], device: device);
            var weights = torch.tensor(_weights.AsSpan(start, b).ToArray(), [b, 1], device: device);
            var logits = model.call(inputs);
            var perToken = nn.functional.cross_entropy(logits.reshape(b * n, -1), targets, reduction: nn.Reduction.None);
            var perPosition = (perToken.reshape(b, n).to(ScalarType.Float64) * weights).sum(dim: 0L).cpu();
            var values = perPosition.data<double>().ToArray();
            for (int t = 0; t < n; t++) loss[t] += values[t];
        }
        return loss;
    }
}
