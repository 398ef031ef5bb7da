using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Data;

/// <summary>
/// Every distinct prefix a model sees at some position of its context, with positive probability: the inputs
/// whose activations a probe reads. A causal model's activation at position t depends only on the prefix it
/// has seen there, so each prefix is one row. Without BOS, position t sees x₁…x_{t+1} (lengths 1…n_ctx);
/// with BOS it sees x₁…x_t (lengths 0…n_ctx−1, the empty prefix at position 0).
/// <para>Order: by length, then lexicographically — level L is built from level L−1 in order, each parent
/// followed by its children x = 0…V−1. For each prefix: P(prefix) = π T⁽ˣ¹⁾⋯T⁽ˣᴸ⁾ τ (the probabilities of one
/// length sum to 1), the belief η(prefix) (η₀ = π), and the index of its parent (the prefix without its
/// last token; −1 at the shortest length).</para>
/// </summary>
public sealed class PrefixSet
{
    /// <summary>Default cap on the number of prefixes (Mess3 at n_ctx 10 has 88,572).</summary>
    public const int DefaultMaxCount = 20_000_000;

    private readonly int[] _tokens;       // Count × MaxLength, row-major; entries past a prefix's length are −1
    private readonly int[] _lengths;
    private readonly int[] _parents;
    private readonly double[] _probabilities;
    private readonly double[] _beliefs;   // Count × StateCount
    private readonly int[] _levelStarts;  // by length − MinLength, plus one past the end

    private PrefixSet(HiddenMarkovProcess process, SequenceLayout layout, int[] tokens, int[] lengths, int[] parents,
        double[] probabilities, double[] beliefs, int[] levelStarts)
    {
        Process = process;
        Layout = layout;
        _tokens = tokens;
        _lengths = lengths;
        _parents = parents;
        _probabilities = probabilities;
        _beliefs = beliefs;
        _levelStarts = levelStarts;
    }

    public HiddenMarkovProcess Process { get; }
    public SequenceLayout Layout { get; }

    /// <summary>Number of prefixes.</summary>
    public int Count => _lengths.Length;

    /// <summary>Number of hidden states, the width of a belief.</summary>
    public int StateCount => Process.StateCount;

    /// <summary>The shortest prefix length: 1 without BOS, 0 with BOS.</summary>
    public int MinLength => Layout.VisibleTokens(0);

    /// <summary>The longest prefix length: n_ctx without BOS, n_ctx − 1 with BOS.</summary>
    public int MaxLength => Layout.VisibleTokens(Layout.ContextLength - 1);

    /// <summary>The real tokens of prefix <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Prefix(int i) => _tokens.AsSpan(i * Math.Max(MaxLength, 1), _lengths[i]);

    /// <summary>All prefixes' tokens, Count × max(MaxLength, 1), padded with −1 past each prefix's length.</summary>
    public ReadOnlySpan<int> PaddedTokens => _tokens;

    public int Length(int i) => _lengths[i];

    /// <summary>The model position whose activation belongs to prefix <paramref name="i"/>: length − 1, or length with BOS.</summary>
    public int Position(int i) => Layout.Bos ? _lengths[i] : _lengths[i] - 1;

    /// <summary>The prefix without its last token, or −1 for the shortest prefixes.</summary>
    public int Parent(int i) => _parents[i];

    /// <summary>P(prefix); the prefixes of one length sum to 1.</summary>
    public double Probability(int i) => _probabilities[i];

    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>η(prefix), StateCount wide.</summary>
    public ReadOnlySpan<double> Belief(int i) => _beliefs.AsSpan(i * StateCount, StateCount);

    /// <summary>All beliefs, Count × StateCount, row-major.</summary>
    public ReadOnlySpan<double> Beliefs => _beliefs;

    /// <summary>Index of the first prefix of length <paramref name="length"/>.</summary>
    public int LevelStart(int length) => _levelStarts[length - MinLength];

    /// <summary>Number of prefixes of length <paramref name="length"/>.</summary>
    public int LevelCount(int length) => _levelStarts[length - MinLength + 1] - _levelStarts[length - MinLength];

    /// <summary>
    /// For each prefix, how many prefixes of the longest length (the words of a whole context, all of positive
    /// probability) begin with it: 1 at the longest length, the sum over its children below. It is how many times
    /// the prefix is a row when every whole-context word is read at every position.
    /// </summary>
    public double[] WordCounts()
    {
        var counts = new double[Count];
        for (int i = Count - 1; i >= 0; i--) // children come after their parents
        {
            if (_lengths[i] == MaxLength) counts[i] = 1;
            if (_parents[i] >= 0) counts[_parents[i]] += counts[i];
        }
        return counts;
    }

    /// <summary>
    /// Enumerates the prefixes for <paramref name="layout"/>; throws <see cref="InputException"/> past
    /// <paramref name="maxCount"/> prefixes.
    /// </summary>
    public static PrefixSet Enumerate(HiddenMarkovProcess process, SequenceLayout layout, int maxCount = DefaultMaxCount)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.TokenCount != process.TokenCount)
            throw new InputException($"prefixes of {process.Name}: the layout has {layout.TokenCount} tokens, the process {process.TokenCount}");
        int n = process.StateCount, v = process.TokenCount;
        int minLength = layout.VisibleTokens(0), maxLength = layout.VisibleTokens(layout.ContextLength - 1);
        int width = Math.Max(maxLength, 1);

        var tokens = new List<int>();
        var lengths = new List<int>();
        var parents = new List<int>();
        var probabilities = new List<double>();
        var beliefs = new List<double>();
        var levelStarts = new List<int>();

        // Level 0: the empty prefix, kept only with BOS.
        var levelTokens = new List<int[]> { Array.Empty<int>() };
        var levelBeliefs = new List<double[]> { process.InitialState.ToArray() };
        var levelProbabilities = new List<double> { 1.0 };
        var levelIndex = new List<int> { -1 };
        var belief = new double[n];
        for (int length = 0; length <= maxLength; length++)
        {
            if (length > 0)
            {
                var nextTokens = new List<int[]>();
                var nextBeliefs = new List<double[]>();
                var nextProbabilities = new List<double>();
                var nextIndex = new List<int>();
                for (int p = 0; p < levelTokens.Count; p++)
                    for (int x = 0; x < v; x++)
                    {
                        double px = BeliefUpdate.Update(process, levelBeliefs[p], x, belief);
                        if (px <= 0) continue;
                        var word = new int[length];
                        levelTokens[p].CopyTo(word, 0);
                        word[length - 1] = x;
                        nextTokens.Add(word);
                        nextBeliefs.Add((double[])belief.Clone());
                        nextProbabilities.Add(levelProbabilities[p] * px);
                        nextIndex.Add(levelIndex[p]);
                    }
                levelTokens = nextTokens;
                levelBeliefs = nextBeliefs;
                levelProbabilities = nextProbabilities;
                levelIndex = nextIndex; // the parent's index, replaced below by the prefix's own
            }
            if (length < minLength) continue;
            if ((long)lengths.Count + levelTokens.Count > maxCount)
                throw new InputException(
                    $"prefixes of {process.Name} with n_ctx {layout.ContextLength}: more than {maxCount:N0}; use a smaller n_ctx");
            levelStarts.Add(lengths.Count);
            for (int i = 0; i < levelTokens.Count; i++)
            {
                int index = lengths.Count;
                parents.Add(length == minLength ? -1 : levelIndex[i]);
                levelIndex[i] = index;
                lengths.Add(length);
                probabilities.Add(levelProbabilities[i]);
                beliefs.AddRange(levelBeliefs[i]);
                for (int t = 0; t < width; t++) tokens.Add(t < length ? levelTokens[i][t] : -1);
            }
        }
        levelStarts.Add(lengths.Count);
        return new PrefixSet(process, layout, tokens.ToArray(), lengths.ToArray(), parents.ToArray(),
            probabilities.ToArray(), beliefs.ToArray(), levelStarts.ToArray());
    }
}
