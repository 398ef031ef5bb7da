using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Probing;

/// <summary>
/// What a probe is asked to read from a model's activations, one row per prefix of a <see cref="PrefixSet"/>
/// (same order), computed exactly from the process; and the baseline features that say how much of the belief
/// the last few tokens, or the next-token distribution, already explain.
/// </summary>
public static class ProbeTargets
{
    /// <summary>The belief state η(prefix), StateCount wide.</summary>
    public static TargetMatrix Belief(PrefixSet prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        return new TargetMatrix(ProbeTargetSet.BeliefName, prefixes.Beliefs.ToArray(), prefixes.StateCount);
    }

    /// <summary>A linear readout of the belief (a factor's belief, the component posterior): η(prefix)·M, its width wide.</summary>
    public static TargetMatrix Readout(PrefixSet prefixes, BeliefReadout readout)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(readout);
        int width = readout.Width;
        var values = new double[prefixes.Count * width];
        for (int i = 0; i < prefixes.Count; i++) readout.Apply(prefixes.Belief(i), values.AsSpan(i * width, width));
        return new TargetMatrix(readout.Name, values, width);
    }

    /// <summary>P(x_{t+1} = x | prefix) = η T⁽ˣ⁾τ, V wide.</summary>
    public static TargetMatrix NextToken(PrefixSet prefixes) => NextTokens(prefixes, 1);

    /// <summary>
    /// The distribution of the next <paramref name="k"/> tokens, V^k wide (column = the word read as a base-V
    /// number, first token most significant): P(x₁…x_k | η) = Πₜ P(xₜ | η_{t−1}), η₀ = η(prefix), computed
    /// exactly by belief updates.
    /// </summary>
    public static TargetMatrix NextTokens(PrefixSet prefixes, int k)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var process = prefixes.Process;
        int v = process.TokenCount, n = process.StateCount;
        long width = (long)Math.Pow(v, k);
        if (width * prefixes.Count > Array.MaxLength)
            throw new InputException($"next {k} tokens of {prefixes.Count:N0} prefixes over {v} tokens: too large");
        var values = new double[prefixes.Count * width];
        var beliefs = new double[(k + 1) * n]; // the belief after each depth of the recursion
        for (int i = 0; i < prefixes.Count; i++)
        {
            prefixes.Belief(i).CopyTo(beliefs);
            Fill(process, beliefs, n, v, 0, k, 1.0, 0, values.AsSpan((int)(i * width), (int)width));
        }
        return new TargetMatrix(k == 1 ? "next_token" : $"next_{k}_tokens", values, (int)width);

        static void Fill(HiddenMarkovProcess process, double[] beliefs, int n, int v, int depth, int k,
            double probability, int index, Span<double> row)
        {
            var belief = beliefs.AsSpan(depth * n, n);
            for (int x = 0; x < v; x++)
            {
                int word = index * v + x;
                if (depth == k - 1)
                {
                    row[word] = probability * BeliefUpdate.TokenProbability(process, belief, x);
                    continue;
                }
                double p = BeliefUpdate.Update(process, belief, x, beliefs.AsSpan((depth + 1) * n, n));
                if (p <= 0) continue; // every longer word through x has probability 0 (row starts zeroed)
                Fill(process, beliefs, n, v, depth + 1, k, probability * p, word, row);
            }
        }
    }

    /// <summary>
    /// The Markov-order-m belief E[η | last m tokens]: for a prefix of length ≥ m, the probability-weighted mean
    /// Σ P(u) η(u) / Σ P(u) over all prefixes u of length ≥ m (any length, pooled) that end in the same m tokens;
    /// a prefix shorter than m keeps its own belief (it is its own whole history). This is the best an order-m
    /// Markov predictor can know; for m ≥ the longest prefix it equals η.
    /// </summary>
    public static TargetMatrix MarkovBelief(PrefixSet prefixes, int m)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        int n = prefixes.StateCount, count = prefixes.Count;
        var values = prefixes.Beliefs.ToArray();
        var sums = new Dictionary<long, (double Weight, double[] Sum)>();
        var keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            if (prefixes.Length(i) < m) { keys[i] = -1; continue; }
            long key = SuffixKey(prefixes.Prefix(i), m, prefixes.Process.TokenCount);
            keys[i] = key;
            if (!sums.TryGetValue(key, out var entry)) entry = (0, new double[n]);
            double w = prefixes.Probability(i);
            var belief = prefixes.Belief(i);
            for (int s = 0; s < n; s++) entry.Sum[s] += w * belief[s];
            sums[key] = (entry.Weight + w, entry.Sum);
        }
        for (int i = 0; i < count; i++)
        {
            if (keys[i] < 0) continue;
            var (weight, sum) = sums[keys[i]];
            for (int s = 0; s < n; s++) values[i * n + s] = sum[s] / weight;
        }
        return new TargetMatrix($"markov_{m}_belief", values, n);
    }

    /// <summary>
    /// Baseline features "the last m tokens alone": a one-hot code of the last min(m, length) tokens (words of
    /// each shorter length get their own columns), Σ_{j=0}^{m} V^j wide. The (in-sample) R² of the belief
    /// regressed on them equals the R² of <see cref="MarkovBelief"/> as a predictor of η.
    /// </summary>
    public static FeatureMatrix LastTokensOneHot(PrefixSet prefixes, int m)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        int v = prefixes.Process.TokenCount;
        var offsets = new long[m + 2];
        for (int j = 0; j <= m; j++) offsets[j + 1] = offsets[j] + (long)Math.Pow(v, j);
        if (offsets[m + 1] > 1 << 16) throw new InputException($"last {m} tokens over {v} tokens: {offsets[m + 1]:N0} one-hot columns is too many");
        int width = (int)offsets[m + 1];
        var values = new float[prefixes.Count * width];
        for (int i = 0; i < prefixes.Count; i++)
        {
            int used = Math.Min(m, prefixes.Length(i));
            long column = offsets[used] + SuffixKey(prefixes.Prefix(i), used, v);
            values[i * width + column] = 1;
        }
        return new FeatureMatrix($"last_{m}_tokens", values, width);
    }

    /// <summary>Baseline features "the next token alone": P(x_{t+1} | prefix) as float32 features, V wide.</summary>
    public static FeatureMatrix NextTokenFeatures(PrefixSet prefixes)
    {
        var next = NextToken(prefixes);
        var values = new float[next.Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)next.Values[i];
        return new FeatureMatrix("next_token_distribution", values, next.Columns);
    }

    private static long SuffixKey(ReadOnlySpan<int> word, int m, int v)
    {
        long key = 0;
        for (int t = word.Length - m; t < word.Length; t++) key = key * v + word[t];
        return key;
    }
}
