using System.Numerics;

namespace BeliefGeometry.Processes;

/// <summary>
/// Qubit processes as generalized HMMs in the Pauli basis [tr, b_x, (b_y,) b_z]: a belief is η = (tr ρ, tr(σ_x ρ), …),
/// so with η·τ = 1 it is (1, r), r the Bloch vector (shared CATALOG.md section 2).
/// </summary>
internal static class QuantumProcesses
{
    private static readonly string[] MeasurementTokens = ["z+", "z-", "x+", "x-"];

    /// <summary>
    /// Tom's quantum process: with g = 1/(4(α² + β²)), c = ¼, m = (α² − β²)g, o = 2αβg,
    /// T_{z±} = [[c, 0, ±o], [0, m, 0], [±o, 0, c]] and T_{x±} = [[c, ±o, 0], [±o, c, 0], [0, 0, m]]
    /// (it is bloch_walk with θ = 2·atan2(β, α) and p_z = ½).
    /// </summary>
    public static HiddenMarkovProcess TomQuantum(double alpha, double beta, string name)
    {
        double scale = Math.Max(alpha, beta); // the matrices depend on β/α only; dividing first keeps α², β² finite
        (alpha, beta) = (alpha / scale, beta / scale);
        double g = 1 / (4 * (alpha * alpha + beta * beta)), c = 0.25, m = (alpha * alpha - beta * beta) * g, o = 2 * alpha * beta * g;
        double[][,] matrices =
        [
            new[,] { { c, 0, o }, { 0, m, 0 }, { o, 0, c } },
            new[,] { { c, 0, -o }, { 0, m, 0 }, { -o, 0, c } },
            new[,] { { c, o, 0 }, { o, c, 0 }, { 0, 0, m } },
            new[,] { { c, -o, 0 }, { -o, c, 0 }, { 0, 0, m } },
        ];
        return new HiddenMarkovProcess(name, MeasurementTokens, ["tr", "b_x", "b_z"], matrices, generalized: true,
            description: "Tom's quantum process", beliefSpace: BeliefSpace.Bloch);
    }

    /// <summary>
    /// Bloch walk: a weak measurement of z (probability p_z) or x, of strength θ. With m = sin θ, k = cos θ,
    /// z = p_z/2, x = (1 − p_z)/2: T_{z±} = z·[[1, 0, ±m], [0, k, 0], [±m, 0, 1]], T_{x±} = x·[[1, ±m, 0], [±m, 1, 0], [0, 0, k]].
    /// </summary>
    public static HiddenMarkovProcess BlochWalk(double theta, double pZ, string name)
    {
        double m = Math.Sin(theta), k = Math.Cos(theta), z = pZ / 2, x = (1 - pZ) / 2;
        double[][,] matrices =
        [
            new[,] { { z, 0, z * m }, { 0, z * k, 0 }, { z * m, 0, z } },
            new[,] { { z, 0, -z * m }, { 0, z * k, 0 }, { -z * m, 0, z } },
            new[,] { { x, x * m, 0 }, { x * m, x, 0 }, { 0, 0, x * k } },
            new[,] { { x, -x * m, 0 }, { -x * m, x, 0 }, { 0, 0, x * k } },
        ];
        return new HiddenMarkovProcess(name, MeasurementTokens, ["tr", "b_x", "b_z"], matrices, generalized: true,
            description: "Bloch walk", beliefSpace: BeliefSpace.Bloch);
    }

    /// <summary>
    /// Quantum "RRXOR": Kraus operators K_x = D_x R_y(φ), R_y(φ) = [[cos φ/2, −sin φ/2], [sin φ/2, cos φ/2]],
    /// D₀ = diag(cos θ/2, −i sin θ/2), D₁ = diag(−i sin θ/2, cos θ/2); T⁽ˣ⁾[i, j] = ½ tr(σ_j K_x σ_i K_x†) with σ₀ = I.
    /// </summary>
    public static HiddenMarkovProcess QuantumRrxor(double phi, double theta, string name)
    {
        double c = Math.Cos(phi / 2), s = Math.Sin(phi / 2), cosT = Math.Cos(theta / 2), sinT = Math.Sin(theta / 2);
        Complex[,] rotation = { { c, -s }, { s, c } };
        Complex[][,] kraus =
        [
            Multiply(new Complex[,] { { cosT, 0 }, { 0, -Complex.ImaginaryOne * sinT } }, rotation),
            Multiply(new Complex[,] { { -Complex.ImaginaryOne * sinT, 0 }, { 0, cosT } }, rotation),
        ];
        var matrices = new double[2][,];
        for (int x = 0; x < 2; x++)
        {
            var k = kraus[x];
            var kDagger = Dagger(k);
            matrices[x] = new double[4, 4];
            for (int i = 0; i < 4; i++)
            {
                var image = Multiply(Multiply(k, Pauli[i]), kDagger);
                for (int j = 0; j < 4; j++)
                    matrices[x][i, j] = 0.5 * Trace(Multiply(Pauli[j], image)).Real;
            }
        }
        return new HiddenMarkovProcess(name, ["0", "1"], ["tr", "b_x", "b_y", "b_z"], matrices, generalized: true,
            description: "quantum RRXOR", beliefSpace: BeliefSpace.Bloch);
    }

    /// <summary>σ₀ = I, σ_x, σ_y, σ_z.</summary>
    private static readonly Complex[][,] Pauli =
    [
        new Complex[,] { { 1, 0 }, { 0, 1 } },
        new Complex[,] { { 0, 1 }, { 1, 0 } },
        new Complex[,] { { 0, -Complex.ImaginaryOne }, { Complex.ImaginaryOne, 0 } },
        new Complex[,] { { 1, 0 }, { 0, -1 } },
    ];

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        var c = new Complex[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                c[i, j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j];
        return c;
    }

    private static Complex[,] Dagger(Complex[,] a) =>
        new[,] { { Complex.Conjugate(a[0, 0]), Complex.Conjugate(a[1, 0]) }, { Complex.Conjugate(a[0, 1]), Complex.Conjugate(a[1, 1]) } };

    private static Complex Trace(Complex[,] a) => a[0, 0] + a[1, 1];
}
