using System.Numerics.Tensors;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>
/// The mixed-state (belief) update: η₀ = π; after token x, η' = η T⁽ˣ⁾ / (η T⁽ˣ⁾ τ), with
/// P(x | η) = η T⁽ˣ⁾ τ. Renormalizing at every step keeps long words free of underflow.
/// </summary>
public static class BeliefUpdate
{
    /// <summary>P(x | η) = η · T⁽ˣ⁾τ.</summary>
    public static double TokenProbability(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token)
    {
        var e = process.EmissionVector(token);
        double p = 0;
        for (int i = 0; i < e.Length; i++) p += belief[i] * e[i];
        return p;
    }

    /// <summary>Fills <paramref name="distribution"/> with P(· | η): P(x | η) = Σᵢ ηᵢ (T⁽ˣ⁾τ)ᵢ.</summary>
    public static void NextTokenDistribution(HiddenMarkovProcess process, ReadOnlySpan<double> belief, Span<double> distribution)
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
    }

    /// <summary>
    /// Writes η' = η T⁽ˣ⁾ / P(x | η) into <paramref name="next"/> and returns P(x | η).
    /// When P(x | η) ≤ 0 the token is impossible: returns it and leaves <paramref name="next"/> zero.
    /// </summary>
    public static double Update(HiddenMarkovProcess process, ReadOnlySpan<double> belief, int token, Span<double> next)
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
            return p;
        }
        for (int j = 0; j < n; j++) next[j] /= p; // a division: 1/p overflows for subnormal p
        return p;
    }

    /// <summary>The belief after observing <paramref name="word"/> from the stationary start π.</summary>
    public static double[] After(HiddenMarkovProcess process, ReadOnlySpan<int> word)
    {
        var belief = process.Stationary.ToArray();
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
    public static double LogProbability(HiddenMarkovProcess process, ReadOnlySpan<int> word)
    {
        var belief = process.Stationary.ToArray();
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

    /// <summary>P(x₁…x_L) = π T⁽ˣ¹⁾ ⋯ T⁽ˣᴸ⁾ τ (underflows to 0 for very long words; use <see cref="LogProbability"/>).</summary>
    public static double Probability(HiddenMarkovProcess process, ReadOnlySpan<int> word) => Math.Exp(LogProbability(process, word));
}
