using BeliefGeometry.Json;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Processes;

/// <summary>
/// A chain-conditional factored process (simplexity's <c>SequentialConditional</c>; docs/design.md section 1.9): factor i
/// has variants T_{i|k} (same states and tokens), and the variant it uses for a joint token is chosen by the previous
/// factor's token in that joint token through a control map, k₀ = 0, kᵢ = cmᵢ[x_{i−1}], for emission and transition alike:
///   P(x) = P₀(x₀ | η₀) Π_{i≥1} Pᵢ(xᵢ | ηᵢ, cmᵢ[x_{i−1}]),  ηᵢ ← ηᵢ T_{i|kᵢ}⁽ˣⁱ⁾ / (…)τᵢ.
/// This is the generalized HMM T⁽ˣ⁾ = ⊗ᵢ T_{i|kᵢ(x)}⁽ˣⁱ⁾ (joint token index row-major in the factors), started in
/// ⊗ᵢ η₀(i|0), the variants 0's initial states. The joint belief stays the product of the factors' beliefs, so each
/// factor's belief is read out as for an independent product (<see cref="HiddenMarkovProcess.Factors"/>: the variants 0).
/// </summary>
public static class ChainProcess
{
    /// <summary>
    /// <paramref name="variants"/>[i] are factor i's variants; <paramref name="controlMaps"/>[i] (i ≥ 1) maps each token of
    /// factor i − 1 to a variant of factor i (null for factor 0, or for a factor with one variant: always variant 0).
    /// </summary>
    public static HiddenMarkovProcess Of(IReadOnlyList<IReadOnlyList<HiddenMarkovProcess>> variants, IReadOnlyList<int[]?> controlMaps,
        string name, string source, string? description = null)
    {
        if (variants.Count < 2)
            throw new ProcessException($"{source}: field 'chain' has {variants.Count} factor(s); a chain needs at least two");
        if (controlMaps.Count != variants.Count) throw new ArgumentException("one control map per factor", nameof(controlMaps));
        for (int i = 0; i < variants.Count; i++) Check(variants, controlMaps, i, source);

        var first = variants.Select(v => v[0]).ToArray();
        int factors = first.Length;
        double stateCount = first.Aggregate(1.0, (a, f) => a * f.StateCount), tokenCount = first.Aggregate(1.0, (a, f) => a * f.TokenCount);
        if (stateCount * stateCount * tokenCount > ProductProcess.MaxEntries)
            throw new ProcessException($"{source}: {stateCount:N0} states and {tokenCount:N0} tokens need {stateCount * stateCount * tokenCount:N0} matrix entries; at most {ProductProcess.MaxEntries:N0} are supported");
        int v = (int)tokenCount;
        var matrices = new double[v][,];
        var tokens = new string[v];
        var coordinates = new int[factors];
        for (int x = 0; x < v; x++)
        {
            Decode(x, first, coordinates);
            var chosen = new HiddenMarkovProcess[factors];
            for (int i = 0; i < factors; i++)
                chosen[i] = variants[i][i == 0 || controlMaps[i] is null ? 0 : controlMaps[i]![coordinates[i - 1]]];
            // ⊗ᵢ T_{chosen i}⁽ˣⁱ⁾, joint state index row-major in the factors.
            matrices[x] = Enumerable.Range(0, factors).Select(i => chosen[i].TokenMatrixArray(coordinates[i])).Aggregate(Kronecker.Product);
            tokens[x] = "(" + string.Join(",", coordinates.Select((c, i) => first[i].Tokens[c])) + ")";
        }
        var states = new List<string> { "" };
        foreach (var f in first) states = [.. states.SelectMany(s => f.States.Select(t => s.Length == 0 ? t : $"{s},{t}"))];
        var initial = first.Select(f => f.InitialState.ToArray()).Aggregate((a, b) => Kronecker.Product(a, 1, b, 1));
        bool hmm = variants.All(vs => vs.All(p => p.IsHmm));
        return new HiddenMarkovProcess(name, tokens, [.. states.Select(s => factors > 1 ? $"({s})" : s)], matrices, generalized: !hmm,
            description: description ?? $"chain of {factors} factors", source: source, initialState: initial) { Factors = first };
    }

    private static void Check(IReadOnlyList<IReadOnlyList<HiddenMarkovProcess>> variants, IReadOnlyList<int[]?> controlMaps, int i, string source)
    {
        var own = variants[i];
        if (own.Count == 0) throw new ProcessException($"{source}: field 'chain[{i}].variants' is empty; give at least one process");
        foreach (var (p, k) in own.Select((p, k) => (p, k)).Skip(1))
        {
            if (p.StateCount != own[0].StateCount || !p.Tokens.SequenceEqual(own[0].Tokens))
                throw new ProcessException($"{source}: field 'chain[{i}].variants[{k}]' ({Abbreviation.Of(p.Name)}) has {p.StateCount} states and tokens {Abbreviation.Of(string.Join(" ", p.Tokens))}; every variant of a factor must have the states and tokens of variant 0 ({own[0].StateCount} states, tokens {Abbreviation.Of(string.Join(" ", own[0].Tokens))})");
            for (int s = 0; s < p.StateCount; s++)
                if (Math.Abs(p.RightEigenvector[s] - own[0].RightEigenvector[s]) > 1e-9)
                    throw new ProcessException($"{source}: field 'chain[{i}].variants[{k}]' ({Abbreviation.Of(p.Name)}) has another τ than variant 0; the variants of a factor must share τ (all HMMs do: τ = 1)");
        }
        var map = controlMaps[i];
        if (i == 0)
        {
            if (map is not null) throw new ProcessException($"{source}: field 'chain[0].control_map' is given; the first factor has no previous factor to control it");
            if (own.Count > 1) throw new ProcessException($"{source}: field 'chain[0].variants' has {own.Count} processes; the first factor always uses variant 0, so give one");
            return;
        }
        if (map is null)
        {
            if (own.Count > 1) throw new ProcessException($"{source}: field 'chain[{i}].control_map' is missing; with {own.Count} variants, map each of the {variants[i - 1][0].TokenCount} tokens of factor {i - 1} to a variant");
            return;
        }
        int previous = variants[i - 1][0].TokenCount;
        if (map.Length != previous)
            throw new ProcessException($"{source}: field 'chain[{i}].control_map' has {map.Length} entries; give one per token of factor {i - 1} ({previous})");
        for (int t = 0; t < map.Length; t++)
            if (map[t] < 0 || map[t] >= own.Count)
                throw new ProcessException($"{source}: field 'chain[{i}].control_map[{t}]' is {map[t]}; allowed: a variant index 0 to {own.Count - 1}");
    }

    /// <summary>The factors' tokens of joint token x, row-major (the last factor varies fastest).</summary>
    private static void Decode(int x, IReadOnlyList<HiddenMarkovProcess> factors, int[] coordinates)
    {
        for (int i = factors.Count - 1; i >= 0; i--) { coordinates[i] = x % factors[i].TokenCount; x /= factors[i].TokenCount; }
    }
}
