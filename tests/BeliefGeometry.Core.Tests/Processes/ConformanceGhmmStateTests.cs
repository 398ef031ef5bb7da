using System.Numerics;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using MathNet.Numerics.LinearAlgebra;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// SPEC.md §3.4–3.7 of ealt/generators (the field's reference) for the generalized HMMs its conformance file has no
/// vectors for: the next-token distribution, the update and word probabilities from a given state, not only from π.
/// <para>
/// No expected value here is published. conformance-tests.json @ 49708c9ea1628f2563cdbff9142c059ec5b87a62 covers only
/// checksum HMMs (see <see cref="ConformanceVectorTests"/>), and CONFORMANCE.md there leaves the GHMM category
/// (ghmm_nontrivial_w) empty. So the expected values are derived here, independently of the catalog's matrices: for the
/// qubit processes by the Born rule on density matrices (P(x) = tr(K_x ρ K_x†)/tr ρ, ρ' ∝ K_x ρ K_x†); for moon by the
/// scalar walk its reference docstring defines (transition_matrices/postquantum.py @ a30f9bc: reset x → 1 with weight
/// x − 1 − ln x, ×α, ×β, every step divided by ρ(T), states η(x) = [x, −1 − ln x, −1]). The inputs are the reference's
/// own test inputs where it has them: the angles and Bloch vectors of tests/transition_matrices/test_quantum.py @ 061fcf2,
/// x = 2.3 of tests/transition_matrices/test_postquantum.py @ a30f9bc, bloch_walk(0.9, 0.5) of CONFORMANCE.md.
/// </para>
/// <para>
/// CatalogReference.AssertQubitInstrument and CatalogClosedFormTests already check these processes from π (I/2 for the
/// qubits); these tests start elsewhere and pass states in the field's scale. The field normalises w so Σw = S and a
/// canonical state has η·w = 1; this project has π·τ = 1 (docs/design.md §1.3), so w = c·τ with c = S/Στ and a
/// normalised belief here is c times the field's canonical one. Updated states are therefore compared in direction (both
/// divided by their dot product with the same independently derived eigenvector) and, separately, by that factor c.
/// </para>
/// <para>
/// One divergence was found: c can be negative. For moon(1.5, 0.3), c ≈ −30.6, so a field representative (η·w &gt; 0) has
/// η·τ &lt; 0 here and BeliefUpdate refuses it; that row is skipped with the reason, and the same checks pass once the
/// representative is multiplied by sign(c) (<see cref="MoonWithNegativeCAgreesOnceTheSignIsFlipped"/>). Not covered:
/// tom_quantum (bloch_walk reparametrised; the reference has no vectors for it) and fanizza (not in ealt/generators).
/// </para>
/// </summary>
public class ConformanceGhmmStateTests
{
    // ---- Qubits: bloch_walk and quantum_rrxor --------------------------------------------------------------------------

    /// <summary>
    /// The process, its Kraus operators' parameters, and which Bloch components its state carries after the trace
    /// (bloch_walk: x, z; quantum_rrxor: x, y, z). quantum_rrxor at the reference's φ = −0.8 is our φ = 2π − 0.8, the
    /// catalog's range being (0, 2π): R_y(φ + 2π) = −R_y(φ), so the Kraus operators change sign and the channel does not.
    /// </summary>
    public static TheoryData<string, string, double, double> Qubits => new()
    {
        { "bloch_walk:measurement_angle=0.9,p_z_axis=0.5", "bloch_walk", 0.9, 0.5 },
        { "bloch_walk:measurement_angle=0.4,p_z_axis=0.3", "bloch_walk", 0.4, 0.3 },
        { "quantum_rrxor:phi=0.7,theta=1.1", "quantum_rrxor", 0.7, 1.1 },
        { "quantum_rrxor:phi=1,theta=0.4", "quantum_rrxor", 1.0, 0.4 },
        { "quantum_rrxor:phi=2.3,theta=2.9", "quantum_rrxor", 2.3, 2.9 },
        { "quantum_rrxor:phi=0.3,theta=1.9", "quantum_rrxor", 0.3, 1.9 },
        { "quantum_rrxor:phi=5.483185307179586,theta=0.6", "quantum_rrxor", -0.8, 0.6 },
    };

    /// <summary>test_quantum.py's Bloch vectors (bloch_walk lives in the x–z disk, so its y is dropped there).</summary>
    private static readonly double[][] BlochVectors = [[0.3, -0.5, 0.2], [0.0, 0.0, 0.9], [-0.6, 0.1, -0.3]];

    /// <summary>Scales of the state passed in: the field's canonical representative (η·w = 1), and two arbitrary multiples.</summary>
    private static readonly double[] Scales = [1, 7.5, 0.001];

    [Theory]
    [MemberData(nameof(Qubits))]
    public void QubitOperationsFromAnyStateFollowTheBornRule(string spec, string kind, double a, double b)
    {
        var process = ProcessCatalog.Resolve(spec);
        var kraus = kind == "bloch_walk" ? CatalogReference.BlochWalkKraus(a, b) : CatalogReference.QuantumRrxorKraus(a, b);
        int[] components = kind == "bloch_walk" ? [0, 2] : [0, 1, 2];
        int n = process.StateCount;
        Assert.Equal(1 + components.Length, n);
        // The field's w for these is (S, 0, …) (CONFORMANCE.md's table), independent of the catalog: tr ρ is what survives.
        double[] w = [n, .. Enumerable.Repeat(0.0, n - 1)];
        double c = n / process.RightEigenvector.ToArray().Sum();

        foreach (var blochVector in BlochVectors)
        {
            var r = kind == "bloch_walk" ? new[] { blochVector[0], 0, blochVector[2] } : blochVector;
            var rho = DensityMatrix(r);
            // The field's canonical state (η·w = 1): (1, r)/S in the basis [tr, b_x, (b_y,) b_z].
            double[] canonical = [.. Coordinates(rho, components).Select(v => v / n)];
            foreach (double scale in Scales)
            {
                double[] state = [.. canonical.Select(v => scale * v)];
                string at = $"{spec} from r = ({string.Join(", ", r)}) × {scale}";

                // SPEC §3.4: P(x | η) = ηT⁽ˣ⁾w / η·w, here tr(K_x ρ K_x†) / tr ρ.
                var distribution = new double[process.TokenCount];
                BeliefUpdate.NextTokenDistribution(process, state, distribution);
                for (int x = 0; x < process.TokenCount; x++)
                    Assert.True(Math.Abs(Born(kraus, rho, [x]).Probability - distribution[x]) <= 1e-12, $"{at}: P({x}) = {distribution[x]}");

                // SPEC §3.5: η' ∝ ηT⁽ˣ⁾, the Bloch coordinates of K_x ρ K_x†.
                for (int x = 0; x < process.TokenCount; x++)
                {
                    var (p, after) = Born(kraus, rho, [x]);
                    var next = new double[n];
                    Assert.Equal(p, BeliefUpdate.Update(process, state, x, next), 12);
                    if (p < 1e-12) continue;
                    double[] fieldCanonical = [.. Coordinates(after, components).Select(v => v / Dot(Coordinates(after, components), w))];
                    AssertSameDirection($"{at}, update by {x}", fieldCanonical, next, w);
                    Assert.Equal(fieldCanonical.Select(v => c * v), next, new Within(1e-12)); // η_here = c·η_field
                }

                // SPEC §3.6 from this state, and the state after each word.
                foreach (var word in CatalogReference.AllWords(process.TokenCount, 3))
                {
                    var (p, after) = Born(kraus, rho, word);
                    Assert.True(Math.Abs(p - BeliefUpdate.Probability(process, state, word)) <= 1e-12,
                        $"{at}: P({string.Join(" ", word)}) = {BeliefUpdate.Probability(process, state, word)}, the Born rule gives {p}");
                    if (p < 1e-9) continue;
                    AssertSameDirection($"{at}, after {string.Join(" ", word)}", Coordinates(after, components),
                        BeliefUpdate.After(process, state, word), w);
                }
            }
        }
    }

    /// <summary>ρ = (I + r·σ)/2.</summary>
    private static Complex[,] DensityMatrix(double[] r)
    {
        var rho = new Complex[,] { { 0.5, 0 }, { 0, 0.5 } };
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) rho[i, j] += r[k] / 2 * CatalogReference.Pauli[k][i, j];
        return rho;
    }

    /// <summary>(tr ρ, tr(σ_k ρ) for the listed k): the state's coordinates in the processes' basis, unnormalised.</summary>
    private static double[] Coordinates(Complex[,] rho, int[] components) =>
        [Trace(rho).Real, .. components.Select(k => Trace(Multiply(CatalogReference.Pauli[k], rho)).Real)];

    /// <summary>From ρ: P(w | ρ) = tr(K_w ρ K_w†)/tr ρ and the unnormalised K_w ρ K_w†.</summary>
    private static (double Probability, Complex[,] After) Born(Complex[][,] kraus, Complex[,] rho, int[] word)
    {
        double trace = Trace(rho).Real;
        foreach (int x in word)
            rho = Multiply(Multiply(kraus[x], rho), Dagger(kraus[x]));
        return (Trace(rho).Real / trace, rho);
    }

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        var m = new Complex[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) m[i, j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j];
        return m;
    }

    private static Complex[,] Dagger(Complex[,] a) => new[,]
    {
        { Complex.Conjugate(a[0, 0]), Complex.Conjugate(a[1, 0]) },
        { Complex.Conjugate(a[0, 1]), Complex.Conjugate(a[1, 1]) },
    };

    private static Complex Trace(Complex[,] a) => a[0, 0] + a[1, 1];

    // ---- moon -----------------------------------------------------------------------------------------------------------

    private static double[] Eta(double x) => [x, -1 - Math.Log(x), -1];

    /// <summary>The curve points every moon case starts from: the reference's x = 2.3, one x &lt; 1, and x = 1 (reset impossible).</summary>
    private static readonly double[] CurvePoints = [2.3, 0.4, 1.0];

    /// <summary>
    /// moon from the field's own representatives, positive multiples of η(x), passed as given. At (1.5, 0.3) this does
    /// not hold: there c = S/Στ ≈ −30.6 &lt; 0 (our τ is a negative multiple of the field's w, because π with Σπ = 1 has
    /// π·w &lt; 0), so every field representative has η·τ &lt; 0 here and BeliefUpdate refuses it ("a state must have a
    /// positive finite normalisation"). That row is skipped, not deleted: it is the reference's semantics (SPEC §3.7,
    /// any positive multiple), and <see cref="MoonWithNegativeCAgreesOnceTheSignIsFlipped"/> checks the rest.
    /// </summary>
    [Theory]
    [InlineData(Math.E, 0.5)]
    [InlineData(4.0, 0.9)]
    [InlineData(1.5, 0.3, Skip = "divergence: c = S/Στ < 0 for moon(1.5, 0.3), so the field's representatives have η·τ < 0 and are refused; see docs/design.md §1.3")]
    public void MoonOperationsFromFieldRepresentativesFollowTheScalarWalk(double alpha, double beta) =>
        AssertMoonFollowsTheScalarWalk(alpha, beta, sign: 1);

    [Fact]
    public void MoonWithNegativeCAgreesOnceTheSignIsFlipped()
    {
        // If this fails because c became positive, un-skip the (1.5, 0.3) row above and delete this test.
        var process = ProcessCatalog.Resolve("moon:alpha=1.5,beta=0.3");
        var tau = process.RightEigenvector.ToArray();
        double c = 3 / tau.Sum();
        Assert.True(c < 0, $"c = {c}");
        Assert.True(Dot(Eta(2.3), tau) < 0);
        // With the field's representatives multiplied by sign(c) = −1, every operation agrees with the reference's walk.
        AssertMoonFollowsTheScalarWalk(1.5, 0.3, sign: -1);
    }

    private static void AssertMoonFollowsTheScalarWalk(double alpha, double beta, double sign)
    {
        var process = ProcessCatalog.Resolve(FormattableString.Invariant($"moon:alpha={alpha:R},beta={beta:R}"));
        // ρ(T) and w from the docstring's raw matrices, by an eigendecomposition (not from the catalog).
        var build = Matrix<double>.Build;
        Matrix<double> M(double mu) => build.DenseOfArray(new[,] { { mu, 0, 0 }, { 0, 1, 0 }, { 0, Math.Log(mu), 1 } });
        var raw = build.DenseOfArray(new double[,] { { 1, -1, -1 }, { 1, -1, -1 }, { 0, 0, 0 } }) + M(alpha) + M(beta);
        var evd = raw.Evd();
        double radius = evd.EigenValues.Max(e => e.Magnitude);
        int top = Enumerable.Range(0, 3).MinBy(i => (evd.EigenValues[i] - radius).Magnitude);
        var wVector = evd.EigenVectors.Column(top);
        double[] w = [.. wVector.Select(v => 3 * v / wVector.Sum())]; // the field's scale, Σw = S = 3
        double c = 3 / process.RightEigenvector.ToArray().Sum();

        // The walk: reset weighs x − 1 − ln x and lands on 1; ×α and ×β weigh 1; every step is divided by ρ(T).
        (double Weight, double X) Step(double x, int token) => token switch
        {
            0 => ((x - 1 - Math.Log(x)) / radius, 1),
            1 => (1 / radius, alpha * x),
            _ => (1 / radius, beta * x),
        };

        foreach (double x0 in CurvePoints)
            foreach (double scale in new[] { 1 / Dot(Eta(x0), w), 7.5 }) // the field's canonical representative, and another
            {
                Assert.True(Dot(Eta(x0), w) > 0); // η(x) is a field representative: η·w > 0
                double[] state = [.. Eta(x0).Select(v => sign * scale * v)];
                string at = $"moon({alpha}, {beta}) from η({x0}) × {sign * scale}";

                // SPEC §3.4: P(x | η(x₀)) = weight · η(x₁)·w / η(x₀)·w.
                var distribution = new double[3];
                BeliefUpdate.NextTokenDistribution(process, state, distribution);
                for (int token = 0; token < 3; token++)
                {
                    var (weight, x1) = Step(x0, token);
                    double expected = weight * Dot(Eta(x1), w) / Dot(Eta(x0), w);
                    Assert.True(Math.Abs(expected - distribution[token]) <= 1e-12, $"{at}: P({token}) = {distribution[token]}, the walk gives {expected}");

                    // SPEC §3.5: η(x₀)T⁽ˣ⁾ ∝ η(x₁). At x₀ = 1 a reset has weight 0: no successor (§3.5 leaves it undefined).
                    var next = new double[3];
                    double p = BeliefUpdate.Update(process, state, token, next);
                    Assert.Equal(expected, p, 12);
                    if (weight == 0)
                    {
                        Assert.True(p <= 0, $"{at}: a reset from η(1) has probability {p}");
                        Assert.All(next, v => Assert.Equal(0, v));
                        continue;
                    }
                    AssertSameDirection($"{at}, update by {token}", Eta(x1), next, w);
                    double[] fieldCanonical = [.. Eta(x1).Select(v => v / Dot(Eta(x1), w))];
                    Assert.Equal(fieldCanonical.Select(v => c * v), next, new Within(1e-10)); // η_here = c·η_field
                }

                // SPEC §3.6 from η(x₀): P(w) = Π weights · η(x_L)·w / η(x₀)·w, and the state after w is η(x_L).
                foreach (var word in CatalogReference.AllWords(3, 4))
                {
                    double x = x0, weight = 1;
                    foreach (int token in word)
                    {
                        var (stepWeight, after) = Step(x, token);
                        (weight, x) = (weight * stepWeight, after);
                    }
                    double expected = weight * Dot(Eta(x), w) / Dot(Eta(x0), w);
                    double actual = BeliefUpdate.Probability(process, state, word);
                    Assert.True(Math.Abs(expected - actual) <= 1e-12 + 1e-10 * expected,
                        $"{at}: P({string.Join(" ", word)}) = {actual}, the walk gives {expected}");
                    if (expected < 1e-9) continue;
                    AssertSameDirection($"{at}, after {string.Join(" ", word)}", Eta(x), BeliefUpdate.After(process, state, word), w);
                }
            }
    }

    // ---- shared -------------------------------------------------------------------------------------------------------

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b, (p, q) => p * q).Sum();

    /// <summary>Two states are the same predictive state: each divided by its dot product with the same w, they agree.</summary>
    private static void AssertSameDirection(string what, IReadOnlyList<double> expected, IReadOnlyList<double> actual, IReadOnlyList<double> w)
    {
        double e = Dot(expected, w), a = Dot(actual, w);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] / e - actual[i] / a) <= 1e-9,
                $"{what}: entry {i} of the normalised state is {actual[i] / a}, expected {expected[i] / e}");
    }
}
