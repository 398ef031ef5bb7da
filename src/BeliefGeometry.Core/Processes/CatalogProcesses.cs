namespace BeliefGeometry.Processes;

/// <summary>
/// The transition matrices of the catalog's HMMs, T⁽ˣ⁾[i, j] = P(emit x, go to j | in i)
/// (docs/design.md section 1.9; the field's definitions in shared CATALOG.md section 1).
/// </summary>
internal static class CatalogProcesses
{
    /// <summary>Mess3: <see cref="Mess"/> with s = 3 and states A, B, C.</summary>
    public static HiddenMarkovProcess Mess3(double x, double a, string name) =>
        new(name, Digits(3), ["A", "B", "C"], MessMatrices(x, a, 3), description: "Mess3");

    /// <summary>
    /// Mess with s states and tokens: T⁽ᵏ⁾[i, j] = P(j | i)·P(k | j), P(j | i) = y = 1 − (s−1)x if j = i, else x;
    /// P(k | j) = a if k = j, else b = (1 − a)/(s − 1).
    /// </summary>
    public static HiddenMarkovProcess Mess(double x, double a, int s, string name) =>
        new(name, Digits(s), Names("s", s), MessMatrices(x, a, s), description: $"Mess with {s} states");

    private static double[][,] MessMatrices(double x, double a, int s)
    {
        double b = (1 - a) / (s - 1), y = Math.Max(0, 1 - (s - 1) * x);
        var matrices = new double[s][,];
        for (int k = 0; k < s; k++)
        {
            var m = new double[s, s];
            for (int i = 0; i < s; i++)
                for (int j = 0; j < s; j++)
                    m[i, j] = (j == k ? a : b) * (i == j ? y : x);
            matrices[k] = m;
        }
        return matrices;
    }

    /// <summary>RRXOR: S –0 (p1)→ Z, –1→ O; Z –0 (p2)→ F, –1→ T; O –0 (p2)→ T, –1→ F; T –1→ S; F –0→ S.</summary>
    public static HiddenMarkovProcess Rrxor(double p1, double p2, string name) =>
        new(name, ["0", "1"], RrxorStates, RrxorMatrices(p1, p2), description: "RRXOR");

    /// <summary>Leaky RRXOR: T'⁽ˣ⁾ = (1 − ε)·T⁽ˣ⁾_RRXOR + (ε/10)·J, J all ones (10 = V·S, so rows still sum to 1).</summary>
    public static HiddenMarkovProcess LeakyRrxor(double p1, double p2, double epsilon, string name)
    {
        var matrices = RrxorMatrices(p1, p2);
        foreach (var m in matrices)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                    m[i, j] = (1 - epsilon) * m[i, j] + epsilon / 10;
        return new HiddenMarkovProcess(name, ["0", "1"], RrxorStates, matrices, description: "leaky RRXOR");
    }

    private static readonly string[] RrxorStates = ["S", "Z", "O", "T", "F"];

    private static double[][,] RrxorMatrices(double p1, double p2)
    {
        const int S = 0, Z = 1, O = 2, T = 3, F = 4;
        var zero = new double[5, 5];
        var one = new double[5, 5];
        zero[S, Z] = p1; one[S, O] = 1 - p1;
        zero[Z, F] = p2; one[Z, T] = 1 - p2;
        zero[O, T] = p2; one[O, F] = 1 - p2;
        one[T, S] = 1;
        zero[F, S] = 1;
        return [zero, one];
    }

    /// <summary>
    /// Checksum: from the seed S (phase 0, residue 0), n phases each emit x with probability probs[i][x] and add it to
    /// the residue mod m; phase n emits its residue and returns to S. State (i, r) is 1 + (i − 1)m + r, named p{i}r{r}.
    /// </summary>
    public static HiddenMarkovProcess Checksum(double[][] probs, string name)
    {
        int n = probs.Length, m = probs[0].Length, states = n * m + 1;
        int State(int phase, int residue) => phase == 0 ? 0 : 1 + (phase - 1) * m + residue;
        var matrices = Zeros(m, states);
        for (int phase = 0; phase < n; phase++)
            for (int r = 0; r < (phase == 0 ? 1 : m); r++)
                for (int x = 0; x < m; x++)
                    matrices[x][State(phase, r), State(phase + 1, (r + x) % m)] += probs[phase][x];
        for (int r = 0; r < m; r++)
            matrices[r][State(n, r), 0] = 1;
        var names = new[] { "S" }.Concat(Enumerable.Range(1, n).SelectMany(i => Enumerable.Range(0, m).Select(r => $"p{i}r{r}"))).ToArray();
        return new HiddenMarkovProcess(name, Digits(m), names, matrices, description: "checksum");
    }

    /// <summary>Coin: one state that emits 0 with probability p and 1 otherwise.</summary>
    public static HiddenMarkovProcess Coin(double p, string name) =>
        new(name, ["0", "1"], ["C"], [new[,] { { p } }, new[,] { { 1 - p } }], description: "biased coin");

    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>
    /// Days of the week: from day i, raw weights 1 for naming any day d (and going there), 5 for naming tomorrow,
    /// 1 for Tmrw (→ i+1) and Yest (→ i−1), ½ for Wknd to each of Sat, Sun, and ⅕ for Wkdy to each weekday;
    /// every row totals 15, so T = raw/15.
    /// </summary>
    public static HiddenMarkovProcess DaysOfWeek(string name)
    {
        const int tomorrow = 7, yesterday = 8, weekend = 9, weekday = 10;
        var matrices = Zeros(11, 7);
        for (int i = 0; i < 7; i++)
        {
            for (int d = 0; d < 7; d++)
                matrices[d][i, d] = (d == (i + 1) % 7 ? 5 : 1) / 15.0;
            matrices[tomorrow][i, (i + 1) % 7] = 1 / 15.0;
            matrices[yesterday][i, (i + 6) % 7] = 1 / 15.0;
            for (int d = 5; d < 7; d++) matrices[weekend][i, d] = 0.5 / 15;
            for (int d = 0; d < 5; d++) matrices[weekday][i, d] = 0.2 / 15;
        }
        return new HiddenMarkovProcess(name, [.. Days, "Tmrw", "Yest", "Wknd", "Wkdy"], Days, matrices, description: "days of the week");
    }

    /// <summary>Even ones: A –0 (1−p)→ A, A –1 (p)→ B, B –1→ A; 1s come in runs of even length.</summary>
    public static HiddenMarkovProcess EvenOnes(double p, string name)
    {
        var zero = new double[2, 2];
        var one = new double[2, 2];
        zero[0, 0] = 1 - p; one[0, 1] = p;
        one[1, 0] = 1;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B"], [zero, one], description: "even process");
    }

    /// <summary>No consecutive ones (golden mean): A –1 (p)→ B, A –0 (1−p)→ A, B –0→ A.</summary>
    public static HiddenMarkovProcess NoConsecutiveOnes(double p, string name)
    {
        var zero = new double[2, 2];
        var one = new double[2, 2];
        zero[0, 0] = 1 - p; one[0, 1] = p;
        zero[1, 0] = 1;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B"], [zero, one], description: "golden mean");
    }

    /// <summary>Zero, one, random: A –0→ B –1→ C; C emits 1 with probability p, 0 otherwise, and returns to A.</summary>
    public static HiddenMarkovProcess ZeroOneRandom(double p, string name)
    {
        var zero = new double[3, 3];
        var one = new double[3, 3];
        zero[0, 1] = 1;
        one[1, 2] = 1;
        zero[2, 0] = 1 - p; one[2, 0] = p;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B", "C"], [zero, one], description: "Z1R");
    }

    /// <summary>
    /// Mr. Name: every transition emits the name of its destination. Mr. → name; name → Something or Blah (½ each);
    /// Something → Mr. (q), Something (1 − p − q), Blah (p); Blah → Mr. (q), Something (p), Blah (1 − p − q).
    /// </summary>
    public static HiddenMarkovProcess MrName(double p, double q, string name)
    {
        const int mr = 0, something = 1, blah = 2, theName = 3;
        double stay = Math.Max(0, 1 - p - q);
        var matrices = Zeros(4, 4);
        void Go(int from, int to, double probability) => matrices[to][from, to] += probability;
        Go(mr, theName, 1);
        Go(theName, something, 0.5); Go(theName, blah, 0.5);
        Go(something, mr, q); Go(something, something, stay); Go(something, blah, p);
        Go(blah, mr, q); Go(blah, something, p); Go(blah, blah, stay);
        string[] names = ["Mr.", "Something", "Blah", "name"];
        return new HiddenMarkovProcess(name, names, names, matrices, description: "Mr. Name");
    }

    /// <summary>Simple nonunifilar source: A –0 (1−p)→ A, A –0 (p)→ B, B –0 (1−q)→ B, B –1 (q)→ A.</summary>
    public static HiddenMarkovProcess Sns(double p, double q, string name)
    {
        var zero = new double[,] { { 1 - p, p }, { 0, 1 - q } };
        var one = new double[,] { { 0, 0 }, { q, 0 } };
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B"], [zero, one], description: "simple nonunifilar source");
    }

    /// <summary>
    /// Matching parentheses: depth d = 0…N opens, "(" to d + 1, with probability o_d and closes, ")" to d − 1, otherwise;
    /// o = open_probs with o_N = 0 appended.
    /// </summary>
    public static HiddenMarkovProcess MatchingParens(double[] openProbs, string name)
    {
        int depth = openProbs.Length, n = depth + 1;
        var open = new double[n, n];
        var close = new double[n, n];
        for (int d = 0; d < n; d++)
        {
            double o = d < depth ? openProbs[d] : 0;
            if (o > 0) open[d, d + 1] = o;
            if (o < 1) close[d, d - 1] = 1 - o;
        }
        return new HiddenMarkovProcess(name, ["(", ")"], Digits(n), [open, close], description: "matching parentheses");
    }

    /// <summary>Cycle: in state i, emit i and step to i + 1 with probability p, to i − 1 otherwise (mod n).</summary>
    public static HiddenMarkovProcess Cycle(int n, double p, string name)
    {
        var matrices = Zeros(n, n);
        for (int i = 0; i < n; i++)
        {
            matrices[i][i, (i + 1) % n] += p;
            matrices[i][i, (i + n - 1) % n] += 1 - p;
        }
        return new HiddenMarkovProcess(name, Digits(n), Names("s", n), matrices, description: $"cycle of {n}");
    }

    private static double[][,] Zeros(int tokens, int states) =>
        Enumerable.Range(0, tokens).Select(_ => new double[states, states]).ToArray();

    private static string[] Digits(int count) => Enumerable.Range(0, count).Select(i => i.ToString()).ToArray();

    private static string[] Names(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToArray();
}
