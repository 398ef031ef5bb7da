using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Data;

/// <summary>
/// The exact training data (the published choice): every word of the length a <see cref="SequenceLayout"/>
/// needs (n_ctx + 1 without BOS) that has positive probability, with P(word) = π T⁽ˣ¹⁾ ⋯ T⁽ˣᴸ⁾ τ. Works for
/// HMMs and generalized HMMs alike. Words are in lexicographic order, stored in one flat token array.
/// </summary>
public sealed class ExactDataset
{
    /// <summary>Default cap on the stored tokens (words × word length): 50M tokens, 200 MB.</summary>
    public const long DefaultMaxTokens = 50_000_000;

    private readonly int[] _tokens;
    private readonly double[] _probabilities;

    private ExactDataset(HiddenMarkovProcess process, SequenceLayout layout, int[] tokens, double[] probabilities, int count)
    {
        Process = process;
        Layout = layout;
        _tokens = tokens;
        _probabilities = probabilities;
        WordCount = count;
    }

    public HiddenMarkovProcess Process { get; }
    public SequenceLayout Layout { get; }
    public int WordCount { get; }

    /// <summary>n_ctx.</summary>
    public int ContextLength => Layout.ContextLength;

    /// <summary>Tokens per word: n_ctx + 1 (n_ctx with BOS).</summary>
    public int WordLength => Layout.WordLength;

    /// <summary>All words, one after another (<see cref="WordCount"/> × <see cref="WordLength"/>).</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, WordCount * WordLength);

    /// <summary>P(word) for every word, in word order; they sum to 1.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities.AsSpan(0, WordCount);

    public ReadOnlySpan<int> Word(int i) => _tokens.AsSpan(checked(i * WordLength), WordLength);

    public double Probability(int i) => _probabilities[i];

    /// <summary>Every word of length n_ctx + 1 with positive probability (no BOS).</summary>
    public static ExactDataset Enumerate(HiddenMarkovProcess process, int contextLength, long maxTokens = DefaultMaxTokens) =>
        Enumerate(process, new SequenceLayout(contextLength, process.TokenCount), maxTokens);

    /// <summary>
    /// Every word of length <see cref="SequenceLayout.WordLength"/> with positive probability, by a depth-first
    /// walk over beliefs renormalized at every step (P(word) = Πₜ P(xₜ | η_{t−1})). Throws
    /// <see cref="InputException"/> when the words would pass <paramref name="maxTokens"/> tokens.
    /// </summary>
    public static ExactDataset Enumerate(HiddenMarkovProcess process, SequenceLayout layout, long maxTokens = DefaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.TokenCount != process.TokenCount)
            throw new InputException($"exact data for {process.Name}: the layout has {layout.TokenCount} tokens, the process {process.TokenCount}");
        int length = layout.WordLength, n = process.StateCount, v = process.TokenCount;
        long cap = Math.Min(maxTokens, Array.MaxLength) / length; // words that fit
        double full = Math.Pow(v, length);
        int initial = (int)Math.Min(Math.Min(full, cap), 1 << 16) + 1;
        var tokens = new int[initial * length];
        var probabilities = new double[initial];
        int count = 0;

        var beliefs = new double[(length + 1) * n];
        var prefix = new double[length + 1];
        var word = new int[length];
        var nextToken = new int[length + 1];
        process.InitialState.CopyTo(beliefs);
        prefix[0] = 1;
        int depth = 0;
        while (depth >= 0)
        {
            if (depth == length)
            {
                if (count >= cap)
                    throw new InputException(
                        $"exact data for {process.Name} with n_ctx {layout.ContextLength}: more than {cap:N0} words of length {length} (over {maxTokens:N0} tokens); use streaming samples or a smaller n_ctx");
                if (count == probabilities.Length)
                {
                    int grown = (int)Math.Min(cap, 2L * count);
                    Array.Resize(ref probabilities, grown);
                    Array.Resize(ref tokens, grown * length);
                }
                word.CopyTo(tokens, count * length);
                probabilities[count++] = prefix[length];
                depth--;
                continue;
            }
            int x = nextToken[depth]++;
            if (x >= v) { depth--; continue; }
            double p = BeliefUpdate.Update(process, beliefs.AsSpan(depth * n, n), x, beliefs.AsSpan((depth + 1) * n, n));
            if (p <= 0) continue;
            word[depth] = x;
            prefix[depth + 1] = prefix[depth] * p;
            nextToken[depth + 1] = 0;
            depth++;
        }
        return new ExactDataset(process, layout, tokens, probabilities, count);
    }

    /// <summary>A sampler of word indices by probability, for drawing batches (see <see cref="SampleBatch"/>).</summary>
    public WeightedSampler CreateSampler(ulong seed) => new(Probabilities, seed);

    /// <summary>
    /// Copies <paramref name="batch"/> words drawn by probability into <paramref name="destination"/>
    /// (batch × <see cref="WordLength"/>, row-major).
    /// </summary>
    public void SampleBatch(WeightedSampler sampler, Span<int> destination, int batch)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (sampler.Count != WordCount)
            throw new ArgumentException($"the sampler draws from {sampler.Count} weights, the dataset has {WordCount} words", nameof(sampler));
        int w = WordLength;
        if (destination.Length < batch * w)
            throw new ArgumentException($"a batch of {batch} words needs {batch * w} tokens", nameof(destination));
        for (int b = 0; b < batch; b++)
            Word(sampler.Next()).CopyTo(destination.Slice(b * w, w));
    }
}
