using System.Numerics;
using BeliefGeometry.Processes;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Reports.Tests;

/// <summary>Generalized HMMs of /work/shared/CATALOG.md §2, built here from their formulas (the catalog does not have them yet).</summary>
internal static class GeneralizedProcesses
{
    /// <summary>
    /// bloch_walk(θ, p_z): with m = sin θ, k = cos θ, z = p_z/2, x = (1 − p_z)/2,
    /// T_{z±} = z·[[1,0,±m],[0,k,0],[±m,0,1]] and T_{x±} = x·[[1,±m,0],[±m,1,0],[0,0,k]], in the basis [tr, b_x, b_z].
    /// </summary>
    public static HiddenMarkovProcess BlochWalk(double theta = 0.9, double pz = 0.5)
    {
        double m = Math.Sin(theta), k = Math.Cos(theta), z = pz / 2, x = (1 - pz) / 2;
        double[,] Z(double sign) => new[,] { { z, 0, sign * z * m }, { 0, z * k, 0 }, { sign * z * m, 0, z } };
        double[,] X(double sign) => new[,] { { x, sign * x * m, 0 }, { sign * x * m, x, 0 }, { 0, 0, x * k } };
        return new HiddenMarkovProcess("bloch_walk", ["z+", "z-", "x+", "x-"], ["tr", "b_x", "b_z"], [Z(1), Z(-1), X(1), X(-1)],
            generalized: true, beliefSpace: BeliefSpace.Bloch);
    }

    /// <summary>
    /// quantum_rrxor(φ, θ): Kraus operators K_x = D_x R_y(φ), T⁽ˣ⁾[i, j] = ½ tr(σ_j K_x σ_i K_x†) in the basis
    /// [tr, b_x, b_y, b_z] (σ₀ = I).
    /// </summary>
    public static HiddenMarkovProcess QuantumRrxor(double phi = 0.7, double theta = 1.1)
    {
        var i = Complex.ImaginaryOne;
        Complex[][,] sigma =
        [
            new Complex[,] { { 1, 0 }, { 0, 1 } }, new Complex[,] { { 0, 1 }, { 1, 0 } },
            new Complex[,] { { 0, -i }, { i, 0 } }, new Complex[,] { { 1, 0 }, { 0, -1 } },
        ];
        var rotation = new Complex[,] { { Math.Cos(phi / 2), -Math.Sin(phi / 2) }, { Math.Sin(phi / 2), Math.Cos(phi / 2) } };
        Complex c = Math.Cos(theta / 2), s = -i * Math.Sin(theta / 2);
        var matrices = new[] { new Complex[,] { { c, 0 }, { 0, s } }, new Complex[,] { { s, 0 }, { 0, c } } }.Select(d =>
        {
            var kraus = Product(d, rotation);
            var adjoint = new Complex[,] { { Complex.Conjugate(kraus[0, 0]), Complex.Conjugate(kraus[1, 0]) }, { Complex.Conjugate(kraus[0, 1]), Complex.Conjugate(kraus[1, 1]) } };
            var t = new double[4, 4];
            for (int a = 0; a < 4; a++)
                for (int b = 0; b < 4; b++)
                {
                    var p = Product(sigma[b], Product(kraus, Product(sigma[a], adjoint)));
                    t[a, b] = ((p[0, 0] + p[1, 1]) / 2).Real;
                }
            return t;
        }).ToArray();
        return new HiddenMarkovProcess("quantum_rrxor", ["0", "1"], ["tr", "b_x", "b_y", "b_z"], matrices,
            generalized: true, beliefSpace: BeliefSpace.Bloch);
    }

    /// <summary>
    /// moon(α, β): R = outer([1,1,0], [1,−1,−1]), M(μ) = [[μ,0,0],[0,1,0],[0,ln μ,1]], T = (R, M(α), M(β)) / ρ(R + M(α) + M(β)).
    /// </summary>
    public static HiddenMarkovProcess Moon(double alpha = Math.E, double beta = 0.5)
    {
        double[] left = [1, 1, 0], right = [1, -1, -1];
        var reset = Matrix<double>.Build.Dense(3, 3, (r, c) => left[r] * right[c]);
        Matrix<double> M(double mu) => Matrix<double>.Build.DenseOfArray(new[,] { { mu, 0, 0 }, { 0, 1, 0 }, { 0, Math.Log(mu), 1 } });
        Matrix<double>[] tokens = [reset, M(alpha), M(beta)];
        double radius = (reset + M(alpha) + M(beta)).Evd().EigenValues.Max(e => e.Magnitude);
        return new HiddenMarkovProcess("moon", ["reset", "alpha", "beta"], ["s0", "s1", "s2"], [.. tokens.Select(t => (t / radius).ToArray())],
            generalized: true);
    }

    /// <summary>
    /// fanizza(α, λ): with c = cos α, s = sin α, d = 1 − 2λc + λ², a = (1 − λc + λs)/d, b = (1 − λc − λs)/d,
    /// π₀ = (1 − (2/(1 − λ) − a − b)/4, 1/(2(1 − λ)), −a/4, −b/4), w = (1, 1 − λ, 1 + λ(s − c), 1 − λ(s + c)):
    /// T₀ = outer(w, π₀) and T₁ = λ·diag(0, 1, [[c, −s], [s, c]]).
    /// </summary>
    public static HiddenMarkovProcess Fanizza(double alpha = 2000, double lambda = 0.49)
    {
        double c = Math.Cos(alpha), s = Math.Sin(alpha), d = 1 - 2 * lambda * c + lambda * lambda;
        double a = (1 - lambda * c + lambda * s) / d, b = (1 - lambda * c - lambda * s) / d;
        double[] reset = [1 - (2 / (1 - lambda) - a - b) / 4, 1 / (2 * (1 - lambda)), -a / 4, -b / 4];
        double[] w = [1, 1 - lambda, 1 + lambda * (s - c), 1 - lambda * (s + c)];
        var zero = new double[4, 4];
        for (int r = 0; r < 4; r++)
            for (int col = 0; col < 4; col++) zero[r, col] = w[r] * reset[col];
        var one = new[,] { { 0, 0, 0, 0 }, { 0, lambda, 0, 0 }, { 0, 0, lambda * c, -lambda * s }, { 0, 0, lambda * s, lambda * c } };
        return new HiddenMarkovProcess("fanizza", ["a", "b"], ["f0", "f1", "f2", "f3"], [zero, one], generalized: true);
    }

    private static Complex[,] Product(Complex[,] a, Complex[,] b) => new[,]
    {
        { a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0], a[0, 0] * b[0, 1] + a[0, 1] * b[1, 1] },
        { a[1, 0] * b[0, 0] + a[1, 1] * b[1, 0], a[1, 0] * b[0, 1] + a[1, 1] * b[1, 1] },
    };
}
