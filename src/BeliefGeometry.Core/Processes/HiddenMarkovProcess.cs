using BeliefGeometry.Numerics;

namespace BeliefGeometry.Processes;

/// <summary>
/// A (generalized) hidden Markov process: one n×n matrix per token, T⁽ˣ⁾[i,j] = P(emit x, go to j | in i)
/// for an HMM. T = Σₓ T⁽ˣ⁾; π is the left and τ the right eigenvector of T for eigenvalue 1,
/// scaled so that π·τ = 1 (for an HMM τ = 1 and π is the stationary distribution).
/// P(x₁…x_L) = π T⁽ˣ¹⁾ ⋯ T⁽ˣᴸ⁾ τ.
/// </summary>
public sealed class HiddenMarkovProcess
{
    private readonly double[] _transitions; // [x][i][j], row-major
    private readonly double[] _emission;    // [x][i] = (T⁽ˣ⁾τ)ᵢ
    private readonly double[] _emissionByState; // the same, [i][x]

    /// <summary>Catalog spec or file name the process came from, e.g. <c>mess3:x=0.05,a=0.85</c>.</summary>
    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<string> Tokens { get; }
    public IReadOnlyList<string> States { get; }
    public int TokenCount => Tokens.Count;
    public int StateCount => States.Count;

    /// <summary>True when every T⁽ˣ⁾ is non-negative and T·1 = 1; false for a generalized HMM.</summary>
    public bool IsHmm { get; }

    /// <summary>Where the beliefs live: the simplex for an HMM, else the Bloch ball or a general vector space.</summary>
    public BeliefSpace BeliefSpace { get; }

    private readonly double[] _stationary;
    private readonly double[] _tau;
    private readonly double[] _initial;

    /// <summary>
    /// π: the stationary distribution (left eigenvector of T for eigenvalue 1). For a non-ergodic process, the one it
    /// settles into from its initial state: Σ_c β_c π_c over its ergodic components.
    /// </summary>
    public ReadOnlySpan<double> Stationary => _stationary;

    /// <summary>τ: the right eigenvector of T for eigenvalue 1 (all ones for an HMM).</summary>
    public ReadOnlySpan<double> RightEigenvector => _tau;

    /// <summary>
    /// η₀, where every sequence starts (normalised: η₀·τ = 1): π unless the process was given an initial state.
    /// Theory, data and probes all start from it.
    /// </summary>
    public ReadOnlySpan<double> InitialState => _initial;

    /// <summary>True when the process was given an initial state (which may still equal π).</summary>
    public bool HasInitialState { get; }

    /// <summary>The ergodic components of a non-ergodic process (a mixture, or several closed classes); null when ergodic.</summary>
    public ErgodicComponents? Components { get; }

    /// <summary>
    /// The factors of a factored process, in order: of a product (nested products flattened), or of a chain (each factor's
    /// variant 0); null otherwise. The joint belief is the tensor product of the factors' beliefs in both.
    /// </summary>
    public IReadOnlyList<HiddenMarkovProcess>? Factors { get; internal init; }

    /// <summary>True for a product of independent factors (<see cref="ProductProcess"/>); false for a chain, whose factors condition one another.</summary>
    public bool FactorsIndependent { get; internal init; }

    /// <summary>
    /// Builds and validates a process. <paramref name="matrices"/>[x][i, j] is T⁽ˣ⁾[i, j]; <paramref name="initialState"/>
    /// (a distribution over the states for an HMM, any vector with η₀·τ &gt; 0 for a GHMM) defaults to π.
    /// Throws <see cref="ProcessException"/> naming <paramref name="source"/> and the bad field.
    /// </summary>
    public HiddenMarkovProcess(string name, IReadOnlyList<string> tokens, IReadOnlyList<string> states,
        IReadOnlyList<double[,]> matrices, bool generalized = false, string description = "", string? source = null,
        BeliefSpace? beliefSpace = null, IReadOnlyList<double>? initialState = null)
        : this(name, tokens, states, matrices, generalized, description, source, beliefSpace, initialState, components: null)
    {
    }

    /// <summary>
    /// With <paramref name="components"/> given (a mixture's block-diagonal presentation): π, τ and the components are
    /// taken from them instead of from the eigenvectors of T, whose eigenvalue 1 is then not simple.
    /// </summary>
    internal HiddenMarkovProcess(string name, IReadOnlyList<string> tokens, IReadOnlyList<string> states,
        IReadOnlyList<double[,]> matrices, bool generalized, string description, string? source,
        BeliefSpace? beliefSpace, IReadOnlyList<double>? initialState, (double[] Pi, double[] Tau, ErgodicComponents Components)? components)
    {
        source ??= name;
        Name = name;
        Description = description;
        ProcessValidation.CheckShapes(source, tokens, states, matrices);
        Tokens = tokens.ToArray();
        States = states.ToArray();
        int n = states.Count, v = tokens.Count;
        _transitions = new double[v * n * n];
        for (int x = 0; x < v; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    _transitions[(x * n + i) * n + j] = matrices[x][i, j];

        var total = TotalMatrix();
        if (!generalized)
            ProcessValidation.CheckHmm(source, Tokens, States, matrices, total);
        IsHmm = !generalized;
        BeliefSpace = beliefSpace ?? (IsHmm ? BeliefSpace.Simplex : BeliefSpace.Generalized);
        if (IsHmm != (BeliefSpace == BeliefSpace.Simplex))
            throw new ArgumentException($"an {(IsHmm ? "HMM" : "generalized HMM")} cannot have beliefs in the space {BeliefSpace}", nameof(beliefSpace));

        var initial = initialState is null ? null : ProcessValidation.CheckInitialState(source, States, initialState, IsHmm);
        (double[] pi, double[] tau, ErgodicComponents? ergodic) = components is { } given
            ? (given.Pi, given.Tau, given.Components)
            : StationaryEigenvectors.Compute(source, this, total, initial);
        _stationary = pi;
        _tau = tau;
        Components = ergodic;
        HasInitialState = initial is not null;
        _initial = initial is null ? pi : ProcessValidation.NormalizeInitialState(source, initial, tau);
        _emission = new double[v * n];
        for (int x = 0; x < v; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    _emission[x * n + i] += this[x, i, j] * tau[j];
        _emissionByState = new double[n * v];
        for (int x = 0; x < v; x++)
            for (int i = 0; i < n; i++)
                _emissionByState[i * v + x] = _emission[x * n + i];
        if (generalized)
            ProcessValidation.CheckWordProbabilities(source, this);
    }

    /// <summary>T⁽ˣ⁾[i, j].</summary>
    public double this[int token, int from, int to] => _transitions[(token * StateCount + from) * StateCount + to];

    /// <summary>T⁽ˣ⁾ as a row-major n×n span.</summary>
    public ReadOnlySpan<double> TokenMatrix(int token)
    {
        int nn = StateCount * StateCount;
        return _transitions.AsSpan(token * nn, nn);
    }

    /// <summary>T⁽ˣ⁾τ, so that P(x | η) = η · T⁽ˣ⁾τ.</summary>
    public ReadOnlySpan<double> EmissionVector(int token) => _emission.AsSpan(token * StateCount, StateCount);

    /// <summary>(T⁽ˣ⁾τ)ᵢ laid out state by state ([i][x]), for computing all of P(· | η) in one pass.</summary>
    public ReadOnlySpan<double> EmissionByState => _emissionByState;

    /// <summary>T⁽ˣ⁾ as a new 2-D array.</summary>
    public double[,] TokenMatrixArray(int token)
    {
        int n = StateCount;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = this[token, i, j];
        return m;
    }

    /// <summary>T = Σₓ T⁽ˣ⁾.</summary>
    public double[,] TotalMatrix()
    {
        int n = StateCount;
        var t = new double[n, n];
        for (int x = 0; x < TokenCount; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    t[i, j] += this[x, i, j];
        return t;
    }

    /// <summary>
    /// True when each (state, token) pair leads to at most one next state — a unifilar presentation,
    /// whose state is a function of the previous state and the token.
    /// </summary>
    public bool IsUnifilar
    {
        get
        {
            if (!IsHmm) return false;
            int n = StateCount;
            for (int x = 0; x < TokenCount; x++)
                for (int i = 0; i < n; i++)
                {
                    int successors = 0;
                    for (int j = 0; j < n; j++)
                        if (this[x, i, j] > 0) successors++;
                    if (successors > 1) return false;
                }
            return true;
        }
    }

    public override string ToString() => Name;
}
