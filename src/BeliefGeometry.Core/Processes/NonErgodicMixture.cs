using System.Globalization;
using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// A non-ergodic mixture (docs/design.md section 1.11): each sequence comes from one component c, chosen at the start
/// with probability β_c, and stays in it. Written as one block-diagonal process: T⁽ˣ⁾ = diag(T_c⁽ˣ⁾) (a component
/// whose vocabulary lacks x contributes a zero block), τ = concat(τ_c), η₀ = concat(β_c η₀_c) with η₀_c·τ_c = 1, so
/// P(w) = Σ_c β_c P_c(w). Components share token indices (token k of every component is token k of the mixture).
/// The posterior over components after a past is linear in the belief: P(c | past) = Σ_{i ∈ block c} ηᵢ τᵢ.
/// </summary>
public static class NonErgodicMixture
{
    /// <summary>The spec is a mixture when it has a '+' outside brackets that is not an exponent's sign (1e+3).</summary>
    public static bool IsMixture(string spec) => Split(spec).Count > 1;

    /// <summary>
    /// Parses <c>[β₁@]spec₁ + [β₂@]spec₂ + …</c> (weights default to equal and are normalised), resolving each
    /// component with <paramref name="resolve"/>.
    /// </summary>
    public static HiddenMarkovProcess Parse(string spec, Func<string, HiddenMarkovProcess> resolve)
    {
        var parts = Split(spec);
        var weights = new double[parts.Count];
        var components = new HiddenMarkovProcess[parts.Count];
        for (int c = 0; c < parts.Count; c++)
        {
            string part = parts[c].Trim();
            if (part.Length == 0)
                throw new ProcessException($"mixture '{Abbreviation.Of(spec)}': component {c + 1} of {parts.Count} is empty; allowed: [weight@]spec joined by '+', e.g. 0.5@mess3+0.5@mess3:x=0.15");
            weights[c] = 1;
            int at = part.IndexOf('@');
            if (at >= 0)
            {
                string text = part[..at].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out weights[c]) || !double.IsFinite(weights[c]) || weights[c] <= 0)
                    throw new ProcessException($"mixture '{Abbreviation.Of(spec)}': the weight '{Abbreviation.Of(text)}' of component {c + 1} is not a number > 0; allowed: [weight@]spec, e.g. 0.5@mess3");
                part = part[(at + 1)..].Trim();
            }
            components[c] = resolve(part);
        }
        double largest = weights.Max();
        for (int c = 0; c < weights.Length; c++) weights[c] /= largest; // normalised in two steps: a sum of huge weights overflows
        double total = weights.Sum();
        return Of(components, weights.Select(w => w / total).ToArray(), string.Join("+", parts.Select(p => p.Trim())));
    }

    /// <summary>The mixture of <paramref name="components"/> with weights β (each &gt; 0, summing to 1).</summary>
    public static HiddenMarkovProcess Of(IReadOnlyList<HiddenMarkovProcess> components, IReadOnlyList<double> weights, string? name = null)
    {
        if (components.Count < 2)
            throw new ProcessException("mixture: needs at least two components");
        if (weights.Count != components.Count || weights.Any(w => !(w > 0)) || Math.Abs(weights.Sum() - 1) > 1e-9)
            throw new ArgumentException("one weight > 0 per component, summing to 1", nameof(weights));
        name ??= string.Join("+", components.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{weights[k]}@{c.Name}")));
        var tokens = Tokens(components, name);
        int n = components.Sum(c => c.StateCount), v = tokens.Count;
        var matrices = new double[v][,];
        for (int x = 0; x < v; x++) matrices[x] = new double[n, n];
        var states = new List<string>(n);
        var pi = new double[n];
        var tau = new double[n];
        var initial = new double[n];
        var posterior = new double[n * components.Count];
        int offset = 0;
        for (int c = 0; c < components.Count; c++)
        {
            var component = components[c];
            int m = component.StateCount;
            for (int x = 0; x < component.TokenCount; x++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < m; j++)
                        matrices[x][offset + i, offset + j] = component[x, i, j];
            for (int i = 0; i < m; i++)
            {
                states.Add($"c{c + 1}:{component.States[i]}");
                pi[offset + i] = weights[c] * component.Stationary[i];
                tau[offset + i] = component.RightEigenvector[i];
                initial[offset + i] = weights[c] * component.InitialState[i];
                posterior[(offset + i) * components.Count + c] = component.RightEigenvector[i];
            }
            offset += m;
        }
        bool hmm = components.All(c => c.IsHmm);
        var ergodic = new ErgodicComponents(components.Select(c => c.Name).ToArray(), weights.ToArray(), components.ToArray(), posterior);
        return new HiddenMarkovProcess(name, tokens, states, matrices, generalized: !hmm,
            description: $"non-ergodic mixture of {components.Count} components", source: $"mixture '{Abbreviation.Of(name)}'",
            beliefSpace: null, initialState: initial, components: (pi, tau, ergodic));
    }

    /// <summary>The mixture's tokens: the longest component vocabulary, which every other must agree with on its indices.</summary>
    private static IReadOnlyList<string> Tokens(IReadOnlyList<HiddenMarkovProcess> components, string name)
    {
        var longest = components.MaxBy(c => c.TokenCount)!;
        foreach (var c in components)
            for (int x = 0; x < c.TokenCount; x++)
                if (c.Tokens[x] != longest.Tokens[x])
                    throw new ProcessException($"mixture '{Abbreviation.Of(name)}': token {x} is '{Abbreviation.Of(c.Tokens[x])}' in {Abbreviation.Of(c.Name)} but '{Abbreviation.Of(longest.Tokens[x])}' in {Abbreviation.Of(longest.Name)}; components share token indices, so their token names must agree");
        return longest.Tokens;
    }

    /// <summary>Splits on '+' outside brackets and parentheses, except the sign of an exponent (a digit or '.', then e/E, then '+').</summary>
    private static List<string> Split(string spec)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < spec.Length; i++)
        {
            char ch = spec[i];
            if (ch is '[' or '(') depth++;
            else if (ch is ']' or ')') depth--;
            else if (ch == '+' && depth == 0 && !IsExponentSign(spec, i))
            {
                parts.Add(spec[start..i]);
                start = i + 1;
            }
        }
        parts.Add(spec[start..]);
        return parts;
    }

    private static bool IsExponentSign(string spec, int i) =>
        i >= 2 && spec[i - 1] is 'e' or 'E' && (char.IsDigit(spec[i - 2]) || spec[i - 2] == '.')
        && i + 1 < spec.Length && char.IsDigit(spec[i + 1]);
}
