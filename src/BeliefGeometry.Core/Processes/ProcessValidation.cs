using System.Globalization;
using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>The checks a process definition must pass; each failure is one line naming source and field.</summary>
internal static class ProcessValidation
{
    /// <summary>Rows of T must sum to 1 within this for an HMM.</summary>
    public const double RowSumTolerance = 1e-9;

    public static void CheckShapes(string source, IReadOnlyList<string> tokens, IReadOnlyList<string> states, IReadOnlyList<double[,]> matrices)
    {
        if (tokens.Count == 0)
            throw new ProcessException($"{source}: field 'tokens' is empty; a process needs at least one token");
        if (states.Count == 0)
            throw new ProcessException($"{source}: field 'states' is empty; a process needs at least one state");
        CheckDistinct(source, "tokens", tokens);
        CheckDistinct(source, "states", states);
        if (matrices.Count != tokens.Count)
            throw new ProcessException($"{source}: field 'matrices' has {matrices.Count} matrices for {tokens.Count} tokens; give exactly one matrix per token");
        int n = states.Count;
        for (int x = 0; x < tokens.Count; x++)
        {
            var m = matrices[x];
            if (m.GetLength(0) != n || m.GetLength(1) != n)
                throw new ProcessException($"{source}: field 'matrices.{tokens[x]}' is {m.GetLength(0)}×{m.GetLength(1)}; it must be {n}×{n} (one row and one column per state)");
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (!double.IsFinite(m[i, j]))
                        throw new ProcessException($"{source}: field 'matrices.{tokens[x]}[{i}][{j}]' is {m[i, j]}; entries must be finite numbers");
        }
    }

    public static void CheckHmm(string source, IReadOnlyList<string> tokens, IReadOnlyList<string> states, IReadOnlyList<double[,]> matrices, double[,] total)
    {
        int n = states.Count;
        for (int x = 0; x < tokens.Count; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (matrices[x][i, j] < 0)
                        throw new ProcessException($"{source}: field 'matrices.{tokens[x]}[{i}][{j}]' is {matrices[x][i, j]}; HMM entries must be ≥ 0 (declare \"kind\": \"generalized\" for a generalized HMM)");
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += total[i, j];
            if (Math.Abs(sum - 1) > RowSumTolerance)
                throw new ProcessException($"{source}: row '{states[i]}' of T = Σₓ T⁽ˣ⁾ sums to {sum:R}; each row must sum to 1 within {RowSumTolerance:0e0}");
        }
    }

    /// <summary>
    /// An initial state has one finite entry per state; for an HMM the entries are ≥ 0 and sum to 1 within
    /// <see cref="RowSumTolerance"/> (a distribution over the states).
    /// </summary>
    public static double[] CheckInitialState(string source, IReadOnlyList<string> states, IReadOnlyList<double> initial, bool isHmm)
    {
        if (initial.Count != states.Count)
            throw new ProcessException($"{source}: field 'initial_state' has {initial.Count} entries for {states.Count} states; give one per state");
        for (int i = 0; i < initial.Count; i++)
            if (!double.IsFinite(initial[i]) || (isHmm && initial[i] < 0))
                throw new ProcessException($"{source}: field 'initial_state[{i}]' (state '{Abbreviation.Of(states[i])}') is {initial[i]}; allowed: {(isHmm ? "a probability ≥ 0" : "a finite number")}");
        double sum = initial.Sum();
        if (isHmm && Math.Abs(sum - 1) > RowSumTolerance)
            throw new ProcessException($"{source}: field 'initial_state' sums to {sum:R}; an HMM's initial state is a distribution over the states and must sum to 1 within {RowSumTolerance:0e0}");
        return initial.ToArray();
    }

    /// <summary>η₀ / (η₀·τ); a GHMM's initial state must have η₀·τ &gt; 0.</summary>
    public static double[] NormalizeInitialState(string source, double[] initial, double[] tau)
    {
        double s = 0;
        for (int i = 0; i < tau.Length; i++) s += initial[i] * tau[i];
        if (!(s > 1e-12))
            throw new ProcessException(string.Create(CultureInfo.InvariantCulture, $"{source}: field 'initial_state' has η₀·τ = {s:G6}; it must be > 0 (τ = {string.Join(", ", tau.Select(t => t.ToString("G6", CultureInfo.InvariantCulture)))})"));
        return initial.Select(x => x / s).ToArray();
    }

    /// <summary>
    /// A generalized HMM is a valid process only if every word gets a probability in [0, 1];
    /// checked exhaustively on all words up to the length where there are 4096 of them.
    /// </summary>
    public static void CheckWordProbabilities(string source, HiddenMarkovProcess process)
    {
        const double slack = 1e-9;
        int n = process.StateCount, v = process.TokenCount;
        int maxLength = Math.Max(1, (int)Math.Floor(Math.Log(4096) / Math.Log(Math.Max(2, v))));
        var tau = process.RightEigenvector.ToArray();
        var frontier = new List<(int[] Word, double[] Row)> { ([], process.InitialState.ToArray()) };
        for (int length = 1; length <= maxLength; length++)
        {
            var next = new List<(int[], double[])>(frontier.Count * v);
            foreach (var (word, row) in frontier)
                for (int x = 0; x < v; x++)
                {
                    var m = process.TokenMatrix(x);
                    var r = new double[n];
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++)
                            r[j] += row[i] * m[i * n + j];
                    double p = 0;
                    for (int j = 0; j < n; j++) p += r[j] * tau[j];
                    int[] w = [.. word, x];
                    if (p < -slack || p > 1 + slack)
                        throw new ProcessException($"{source}: the word '{string.Join(" ", w.Select(t => process.Tokens[t]))}' gets probability {p:G6}; a generalized HMM must give every word a probability in [0, 1]");
                    next.Add((w, r));
                }
            frontier = next;
        }
    }

    private static void CheckDistinct(string source, string field, IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ProcessException($"{source}: field '{field}' has an empty name; names must be non-empty");
            CheckPrintable(source, field, name);
            if (!seen.Add(name))
                throw new ProcessException($"{source}: field '{field}' names '{Abbreviation.Of(name)}' twice; names must be distinct");
        }
    }

    /// <summary>
    /// Refuses text that would break a table or a line: control characters (newline, tab, NUL, …), format
    /// characters (bidirectional overrides, zero-width marks) and line or paragraph separators.
    /// </summary>
    public static void CheckPrintable(string source, string field, string text)
    {
        foreach (char c in text)
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                throw new ProcessException($"{source}: field '{field}' contains the character U+{(int)c:X4} in '{Abbreviation.Of(text)}'; names and descriptions must be printable text on one line");
    }
}
