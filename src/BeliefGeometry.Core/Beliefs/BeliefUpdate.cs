using System.Numerics.Tensors;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>
/// The mixed-state (belief) operations. A state η is a row vector over the presentation's states, normalised
/// when η·τ = 1 (for an HMM: a distribution); every operation accepts any positive multiple of a state and
/// normalises by η·τ. η₀ is the process's initial state (π unless given); after token x, η' = η T⁽ˣ⁾ / (η T⁽ˣ⁾ τ), with P(x | η) = η T⁽ˣ⁾ τ / (η τ).
/// Renormalizing at every step keeps long words free of underflow.
/// </summary>
public static class BeliefUpdate
{
    /// <summary>η·τ, the normalisation of a state (1 for a belief; Σᵢ ηᵢ for an HMM).</summary>
    public static double Normalization(HiddenMarkovProcess process, ReadOnlySpan<double> state)
    {
        var tau = process.RightEigenvector;
        double s = 0;
        for (int i = 0; i < tau.Length; i++) s += state[i] * tau[i];
        if (!(s > 0) || !double.IsFinite(s))
            throw new ArgumentException($"the state has η·τ = {s}; a state must have a positive finite normalisation", nameof(state));
        return s;
    }

    /// <summary>P(x | η) = η T⁽ˣ⁾τ / (η τ).</summary>
    public static double TokenProbability(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token) =>
        TokenProbability(process, belief, token, Normalization(process, belief));

    /// <summary>Fills <paramref name="distribution"/> with P(· | η): P(x | η) = Σᵢ ηᵢ (T⁽ˣ⁾τ)ᵢ / (η τ).</summary>
    public static void NextTokenDistribution(HiddenMarkovProcess process, ReadOnlySpan<double> belief, Span<double> distribution) =>
        NextTokenDistribution(process, belief, distribution, Normalization(process, belief));

    /// <summary>
    /// The update of state <paramref name="belief"/> by token x: writes η' = η T⁽ˣ⁾ / (η T⁽ˣ⁾ τ) (normalised) into
    /// <paramref name="next"/> and returns P(x | η) = η T⁽ˣ⁾ τ / (η τ).
    /// When P(x | η) ≤ 0 the token is impossible: returns it and leaves <paramref name="next"/> zero.
    /// </summary>
    public static double Update(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token, Span<double> next) =>
        Update(process, belief, token, next, Normalization(process, belief));

    // The same for a belief normalised by construction (η·τ = 1 up to round-off, as every belief of a
    // BeliefGraph is: π or the result of an update), without the division by η·τ.
    internal static double TokenProbabilityOfBelief(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token) =>
        TokenProbability(process, belief, token, 1);

    internal static void NextTokenDistributionOfBelief(HiddenMarkovProcess process, ReadOnlySpan<double> belief, Span<double> distribution) =>
        NextTokenDistribution(process, belief, distribution, 1);

    internal static double UpdateBelief(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token, Span<double> next) =>
        Update(process, belief, token, next, 1);

    private static double TokenProbability(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token, double s)
    {
        var e = process.EmissionVector(token);
        double p = 0;
        for (int i = 0; i < e.Length; i++) p += belief[i] * e[i];
        return p / s;
    }

    private static void NextTokenDistribution(HiddenMarkovProcess process, ReadOnlySpan<double> belief, Span<double> distribution, double s)
    {
        int v = process.TokenCount, n = process.StateCount;
        var emission = process.EmissionByState; // [i][x]
        distribution = distribution[..v];
        distribution.Clear();
        for (int i = 0; i < n; i++)
        {
            double b = belief[i];
            var row = emission.Slice(i * v, v);
            for (int x = 0; x < v; x++) distribution[x] += b * row[x];
        }
        if (s != 1)
            for (int x = 0; x < v; x++) distribution[x] /= s;
    }

    private static double Update(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token, Span<double> next, double s)
    {
        int n = process.StateCount;
        var m = process.TokenMatrix(token);
        next = next[..n];
        next.Clear();
        if (n <= 16)
        {
            // Small presentations (the usual case): plain loops beat vector calls on 3-element rows.
            for (int i = 0; i < n; i++)
            {
                double b = belief[i];
                if (b == 0) continue;
                var row = m.Slice(i * n, n);
                for (int j = 0; j < n; j++) next[j] += b * row[j];
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
                if (belief[i] != 0)
                    TensorPrimitives.MultiplyAdd(m.Slice(i * n, n), belief[i], next, next);
        }
        var tau = process.RightEigenvector;
        double p = 0;
        for (int j = 0; j < n; j++) p += next[j] * tau[j];
        if (p <= 0)
        {
            next.Clear();
            return p / s;
        }
        for (int j = 0; j < n; j++) next[j] /= p; // a division: 1/p overflows for subnormal p
        return p / s;
    }

    /// <summary>The belief after observing <paramref name="word"/> from the process's initial state η₀ (π unless given).</summary>
    public static double[] After(HiddenMarkovProcess process, ReadOnlySpan<int> word) => After(process, process.InitialState, word);

    /// <summary>The belief after observing <paramref name="word"/> from state <paramref name="initial"/> (normalised: η'·τ = 1).</summary>
    public static double[] After(HiddenMarkovProcess process, ReadOnlySpan<double> initial, ReadOnlySpan<int> word)
    {
        var belief = initial.ToArray();
        if (word.IsEmpty)
        {
            double s = Normalization(process, belief);
            for (int i = 0; i < belief.Length; i++) belief[i] /= s;
            return belief;
        }
        var next = new double[belief.Length];
        foreach (int x in word)
        {
            if (Update(process, belief, x, next) <= 0)
                throw new ArgumentException($"the word has probability 0 at token '{process.Tokens[x]}'", nameof(word));
            (belief, next) = (next, belief);
        }
        return belief;
    }

    /// <summary>
    /// ln P(x₁…x_L) = Σₜ ln P(xₜ | η_{t−1}), accumulated with a renormalized belief so that words of any
    /// length stay exact; −∞ for an impossible word.
    /// </summary>
    public static double LogProbability(HiddenMarkovProcess process, ReadOnlySpan<int> word) =>
        LogProbability(process, process.InitialState, word);

    /// <summary>
    /// ln P(w | η) = ln(η T⁽ʷ¹⁾ ⋯ T⁽ʷᴸ⁾ τ / (η τ)) = Σₜ ln P(wₜ | η_{t−1}) from state <paramref name="initial"/>
    /// (any positive multiple of a belief); −∞ for an impossible word.
    /// </summary>
    public static double LogProbability(HiddenMarkovProcess process, ReadOnlySpan<double> initial, ReadOnlySpan<int> word)
    {
        var belief = initial.ToArray();
        var next = new double[belief.Length];
        double log = 0;
        foreach (int x in word)
        {
            double p = Update(process, belief, x, next);
            if (p <= 0) return double.NegativeInfinity;
            log += Math.Log(p);
            (belief, next) = (next, belief);
        }
        return log;
    }

    /// <summary>P(x₁…x_L) = η₀ T⁽ˣ¹⁾ ⋯ T⁽ˣᴸ⁾ τ from the initial state (underflows to 0 for very long words; use <see cref="LogProbability(HiddenMarkovProcess, ReadOnlySpan{int})"/>).</summary>
    public static double Probability(HiddenMarkovProcess process, ReadOnlySpan<int> word) => Math.Exp(LogProbability(process, word));

    /// <summary>P(w | η) = η T⁽ʷ¹⁾ ⋯ T⁽ʷᴸ⁾ τ / (η τ) from state <paramref name="initial"/> (any positive multiple of a belief).</summary>
    public static double Probability(HiddenMarkovProcess process, ReadOnlySpan<double> initial, ReadOnlySpan<int> word) =>
        Math.Exp(LogProbability(process, initial, word));
}
