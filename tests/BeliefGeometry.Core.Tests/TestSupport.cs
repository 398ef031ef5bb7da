using BeliefGeometry.Processes;
using CsCheck;

namespace BeliefGeometry.Tests;

/// <summary>Random processes for property tests and brute-force references computed without the library's code paths.</summary>
internal static class TestSupport
{
    /// <summary>A random dense HMM: 1–4 states, 1–3 tokens, every entry positive (so one stationary distribution).</summary>
    public static readonly Gen<HiddenMarkovProcess> RandomHmm =
        from n in Gen.Int[1, 4]
        from v in Gen.Int[1, 3]
        from weights in Gen.Double[0.01, 1].Array[n * n * v]
        select MakeHmm(n, v, weights);

    public static HiddenMarkovProcess MakeHmm(int n, int v, double[] weights)
    {
        var matrices = new double[v][,];
        for (int x = 0; x < v; x++) matrices[x] = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int x = 0; x < v; x++)
                for (int j = 0; j < n; j++) sum += weights[(x * n + i) * n + j];
            for (int x = 0; x < v; x++)
                for (int j = 0; j < n; j++) matrices[x][i, j] = weights[(x * n + i) * n + j] / sum;
        }
        return new HiddenMarkovProcess($"random{n}x{v}", Enumerable.Range(0, v).Select(x => $"t{x}").ToArray(),
            Enumerable.Range(0, n).Select(i => $"s{i}").ToArray(), matrices);
    }

    /// <summary>A change of belief that the next token cannot see: δ·E[·, x] = Σ_s δ_s (T⁽ˣ⁾τ)_s = 0 for every token x.</summary>
    public static void AssertNextTokenBlind(HiddenMarkovProcess process, ReadOnlySpan<double> delta)
    {
        for (int x = 0; x < process.TokenCount; x++)
        {
            var e = process.EmissionVector(x);
            double seen = 0;
            for (int s = 0; s < process.StateCount; s++) seen += delta[s] * e[s];
            Assert.Equal(0.0, seen, 12);
        }
    }

    /// <summary>The period-3 process 0 0 1 0 0 1 …: states s0, s1 emit 0, s2 emits 1, s0 → s1 → s2 → s0.</summary>
    public static HiddenMarkovProcess Period3()
    {
        var zero = new double[3, 3];
        var one = new double[3, 3];
        zero[0, 1] = 1;
        zero[1, 2] = 1;
        one[2, 0] = 1;
        return new HiddenMarkovProcess("001", ["0", "1"], ["s0", "s1", "s2"], [zero, one]);
    }

    /// <summary>
    /// Golden mean (p = 0.4) under the similarity transform T'⁽ˣ⁾ = S⁻¹ T⁽ˣ⁾ S with S = [[1, 1], [1, −1]]:
    /// a generalized HMM with negative entries and the same word probabilities (π' = πS, τ' = S⁻¹τ).
    /// </summary>
    public static HiddenMarkovProcess GeneralizedGoldenMean()
    {
        var hmm = ProcessCatalog.Parse("golden_mean:p=0.4");
        double[,] s = { { 1, 1 }, { 1, -1 } }, sInv = { { 0.5, 0.5 }, { 0.5, -0.5 } };
        var matrices = new double[2][,];
        for (int x = 0; x < 2; x++) matrices[x] = Multiply(Multiply(sInv, hmm.TokenMatrixArray(x)), s);
        return new HiddenMarkovProcess("similar", ["0", "1"], ["u", "v"], matrices, generalized: true);
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int l = 0; l < k; l++) c[i, j] += a[i, l] * b[l, j];
        return c;
    }

    /// <summary>All words of length L over V tokens, in lexicographic order.</summary>
    public static IEnumerable<int[]> Words(int tokens, int length)
    {
        var word = new int[length];
        long total = (long)Math.Pow(tokens, length);
        for (long w = 0; w < total; w++)
        {
            long r = w;
            for (int t = length - 1; t >= 0; t--) { word[t] = (int)(r % tokens); r /= tokens; }
            yield return (int[])word.Clone();
        }
    }

    /// <summary>P(w) = η₀ T⁽ʷ¹⁾ ⋯ T⁽ʷᴸ⁾ τ by plain matrix–vector products (no renormalization), η₀ the initial state.</summary>
    public static double WordProbability(HiddenMarkovProcess p, int[] word)
    {
        int n = p.StateCount;
        var row = p.InitialState.ToArray();
        foreach (int x in word)
        {
            var next = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) next[j] += row[i] * p[x, i, j];
            row = next;
        }
        double total = 0;
        for (int j = 0; j < n; j++) total += row[j] * p.RightEigenvector[j];
        return total;
    }

    /// <summary>
    /// P(S_L = s | w) by Bayes over every state path s₀…s_L: P(path, w) = η₀(s₀) Πₜ T⁽ʷᵗ⁾[sₜ₋₁, sₜ].
    /// </summary>
    public static double[] PosteriorByPaths(HiddenMarkovProcess p, int[] word)
    {
        int n = p.StateCount, length = word.Length;
        var posterior = new double[n];
        foreach (var path in Words(n, length + 1))
        {
            double weight = p.InitialState[path[0]];
            for (int t = 0; t < length && weight > 0; t++) weight *= p[word[t], path[t], path[t + 1]];
            posterior[path[length]] += weight;
        }
        double sum = posterior.Sum();
        return posterior.Select(x => x / sum).ToArray();
    }

    /// <summary>H(L) = −Σ_{|w|=L} P(w) log₂ P(w) by enumerating every word.</summary>
    public static double BlockEntropyByEnumeration(HiddenMarkovProcess p, int length) =>
        -Words(p.TokenCount, length).Select(w => WordProbability(p, w)).Where(q => q > 0).Sum(q => q * Math.Log2(q));

    public static double H(params double[] p) => -p.Where(x => x > 0).Sum(x => x * Math.Log2(x));

    /// <summary>Equality of doubles within an absolute tolerance, for comparing sequences.</summary>
    public sealed class Within(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
