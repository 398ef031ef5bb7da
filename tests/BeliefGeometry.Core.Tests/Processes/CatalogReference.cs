using System.Numerics;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// Independent references for the catalog tests: word laws compared word by word, and qubit instruments computed on
/// density matrices (ρ ← KρK†, P = tr ρ) rather than through the Pauli-basis matrices the catalog builds.
/// </summary>
internal static class CatalogReference
{
    /// <summary>The longest word length L with V^L ≤ <paramref name="maxWords"/>, at least 1.</summary>
    public static int MaxLength(int tokens, int maxWords = 4096) =>
        Math.Max(1, (int)Math.Floor(Math.Log(maxWords) / Math.Log(Math.Max(2, tokens)) + 1e-9));

    /// <summary>Every word of every length 1…<paramref name="maxLength"/>.</summary>
    public static IEnumerable<int[]> AllWords(int tokens, int maxLength) =>
        Enumerable.Range(1, maxLength).SelectMany(l => Words(tokens, l));

    /// <summary>P_a(w) = P_b(w) for every word up to <paramref name="maxLength"/>: the same process, whatever the basis.</summary>
    public static void AssertSameWordLaw(HiddenMarkovProcess a, HiddenMarkovProcess b, int maxLength, double tolerance = 1e-12)
    {
        Assert.Equal(a.TokenCount, b.TokenCount);
        foreach (var word in AllWords(a.TokenCount, maxLength))
        {
            double pa = WordProbability(a, word), pb = WordProbability(b, word);
            Assert.True(Math.Abs(pa - pb) <= tolerance, $"{a.Name} vs {b.Name}: P({string.Join(" ", word)}) = {pa} vs {pb}");
        }
    }

    private static readonly Complex I = Complex.ImaginaryOne;

    /// <summary>σ_x, σ_y, σ_z.</summary>
    public static readonly Complex[][,] Pauli =
    [
        new Complex[,] { { 0, 1 }, { 1, 0 } },
        new Complex[,] { { 0, -I }, { I, 0 } },
        new Complex[,] { { 1, 0 }, { 0, -1 } },
    ];

    /// <summary>
    /// The Kraus operators of bloch_walk(θ, p_z), derived here from the qubit, not read off the catalog: a weak z
    /// measurement K_{z±} = √(p_z/2)·diag(√(1 ± sin θ), sgn(cos θ)·√(1 ∓ sin θ)), whose Pauli transfer matrix on
    /// (tr, x, z) is (p_z/2)[[1, 0, ±m], [0, k, 0], [±m, 0, 1]]; and the same along x, K_{x±} = H K_{z±} H with H the Hadamard.
    /// </summary>
    public static Complex[][,] BlochWalkKraus(double theta, double pZ)
    {
        double m = Math.Sin(theta), sign = Math.Cos(theta) < 0 ? -1 : 1;
        Complex[,] Z(double weight, double s) =>
            new Complex[,] { { Math.Sqrt(weight) * Math.Sqrt(1 + s * m), 0 }, { 0, Math.Sqrt(weight) * sign * Math.Sqrt(1 - s * m) } };
        var h = new Complex[,] { { 1 / Math.Sqrt(2), 1 / Math.Sqrt(2) }, { 1 / Math.Sqrt(2), -1 / Math.Sqrt(2) } };
        return [Z(pZ / 2, 1), Z(pZ / 2, -1), Multiply(Multiply(h, Z((1 - pZ) / 2, 1)), h), Multiply(Multiply(h, Z((1 - pZ) / 2, -1)), h)];
    }

    /// <summary>quantum_rrxor's Kraus operators as CATALOG.md gives them: K_x = D_x R_y(φ).</summary>
    public static Complex[][,] QuantumRrxorKraus(double phi, double theta)
    {
        Complex[,] r = { { Math.Cos(phi / 2), -Math.Sin(phi / 2) }, { Math.Sin(phi / 2), Math.Cos(phi / 2) } };
        Complex[,] d0 = { { Math.Cos(theta / 2), 0 }, { 0, -I * Math.Sin(theta / 2) } };
        Complex[,] d1 = { { -I * Math.Sin(theta / 2), 0 }, { 0, Math.Cos(theta / 2) } };
        return [Multiply(d0, r), Multiply(d1, r)];
    }

    /// <summary>From the maximally mixed state ρ = I/2: P(w) = tr(K_w ρ K_w†) and the Bloch vector r = tr(σρ)/tr ρ after w.</summary>
    public static (double Probability, double[] Bloch) Measure(Complex[][,] kraus, int[] word)
    {
        var rho = new Complex[,] { { 0.5, 0 }, { 0, 0.5 } };
        foreach (int x in word)
            rho = Multiply(Multiply(kraus[x], rho), Dagger(kraus[x]));
        double p = Trace(rho).Real;
        return (p, Pauli.Select(s => Trace(Multiply(s, rho)).Real / p).ToArray());
    }

    /// <summary>
    /// The process's word law is the instrument's from I/2, and its belief after each word (η·τ = 1) is (1, r) with r the
    /// Bloch vector's <paramref name="components"/> (0 = x, 1 = y, 2 = z); the components left out stay 0.
    /// </summary>
    public static void AssertQubitInstrument(HiddenMarkovProcess process, Complex[][,] kraus, int maxLength, int[] components)
    {
        foreach (var word in AllWords(process.TokenCount, maxLength))
        {
            var (p, r) = Measure(kraus, word);
            Assert.Equal(p, WordProbability(process, word), 12);
            if (p < 1e-12) continue;
            Assert.Equal([1, .. components.Select(c => r[c])], BeliefUpdate.After(process, word), new Within(1e-9));
            Assert.All(Enumerable.Range(0, 3).Except(components), c => Assert.Equal(0, r[c], 12));
        }
    }

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b) => new[,]
    {
        { a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0], a[0, 0] * b[0, 1] + a[0, 1] * b[1, 1] },
        { a[1, 0] * b[0, 0] + a[1, 1] * b[1, 0], a[1, 0] * b[0, 1] + a[1, 1] * b[1, 1] },
    };

    private static Complex[,] Dagger(Complex[,] a) => new[,]
    {
        { Complex.Conjugate(a[0, 0]), Complex.Conjugate(a[1, 0]) },
        { Complex.Conjugate(a[0, 1]), Complex.Conjugate(a[1, 1]) },
    };

    private static Complex Trace(Complex[,] a) => a[0, 0] + a[1, 1];
}
