using BeliefGeometry.Numerics;

namespace BeliefGeometry.Processes;

/// <summary>
/// A factored process: independent components run side by side and emit the tuple of their tokens.
/// T⁽⁽ˣ¹,ˣ²⁾⁾ = T₁⁽ˣ¹⁾ ⊗ T₂⁽ˣ²⁾ (Kronecker product), so π = π₁ ⊗ π₂ and τ = τ₁ ⊗ τ₂. Joint token index
/// is row-major in the components (the last component varies fastest).
/// </summary>
public static class ProductProcess
{
    public static HiddenMarkovProcess Of(IReadOnlyList<HiddenMarkovProcess> components)
    {
        if (components.Count == 0)
            throw new ProcessException("product: needs at least one component process");
        double states = components.Aggregate(1.0, (a, c) => a * c.StateCount);
        double tokens = components.Aggregate(1.0, (a, c) => a * c.TokenCount);
        if (states * states * tokens > MaxEntries)
            throw new ProcessException(
                $"product '{string.Join("*", components.Select(c => c.Name))}': {states:N0} states and {tokens:N0} tokens need {states * states * tokens:N0} matrix entries; at most {MaxEntries:N0} are supported");
        // The factors, nested products flattened (the joint token index stays row-major in them); a chain stays one factor.
        IReadOnlyList<HiddenMarkovProcess> Flat(HiddenMarkovProcess c) => c.FactorsIndependent ? c.Factors! : [c];
        var factors = components.SelectMany(Flat).ToArray();
        var result = components[0];
        for (int k = 1; k < components.Count; k++)
            result = Pair(result, components[k], factors[..components.Take(k + 1).Sum(c => Flat(c).Count)]);
        return result;
    }

    /// <summary>Largest n²·V (matrix entries) a product may have: 64M doubles, 512 MB.</summary>
    public const long MaxEntries = 1L << 26;

    private static HiddenMarkovProcess Pair(HiddenMarkovProcess a, HiddenMarkovProcess b, IReadOnlyList<HiddenMarkovProcess> factors)
    {
        var tokens = new List<string>();
        var matrices = new List<double[,]>();
        for (int xa = 0; xa < a.TokenCount; xa++)
            for (int xb = 0; xb < b.TokenCount; xb++)
            {
                tokens.Add(Tuple(a.Tokens[xa], b.Tokens[xb]));
                matrices.Add(Kronecker.Product(a.TokenMatrixArray(xa), b.TokenMatrixArray(xb)));
            }
        var states = a.States.SelectMany(sa => b.States.Select(sb => Tuple(sa, sb))).ToArray();
        string name = $"{a.Name}*{b.Name}";
        // η₀ = η₀(a) ⊗ η₀(b) when either component was given an initial state (a BOS process, a non-ergodic factor).
        double[]? initial = a.HasInitialState || b.HasInitialState
            ? Kronecker.Product(a.InitialState, 1, b.InitialState, 1)
            : null;
        try
        {
            return new HiddenMarkovProcess(name, tokens, states, matrices, generalized: !(a.IsHmm && b.IsHmm),
                description: $"product of {a.Name} and {b.Name}", initialState: initial) { Factors = factors, FactorsIndependent = true };
        }
        catch (ProcessException e) when (e.Message.Contains("stationary distributions"))
        {
            // Two components with a common period (z1r*z1r) keep their phase difference forever.
            throw new ProcessException(
                $"product '{name}': the components share a period, so the product is not ergodic (its phase difference never changes) and has several stationary distributions; products of periodic processes with a common period are not supported");
        }
    }

    /// <summary>Names a joint symbol; nested products flatten to one tuple, e.g. (0,1,2).</summary>
    private static string Tuple(string a, string b) =>
        "(" + Unwrap(a) + "," + Unwrap(b) + ")";

    private static string Unwrap(string s) => s.StartsWith('(') && s.EndsWith(')') ? s[1..^1] : s;
}
