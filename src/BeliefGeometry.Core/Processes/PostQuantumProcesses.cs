using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Processes;

/// <summary>
/// Generalized HMMs that no HMM and no qubit presents (shared CATALOG.md section 2): the moon (post-quantum) process
/// and Fanizza's process. Neither is valid for every parameter; each refuses the parameters that would give a word a
/// negative probability, or that the field's constructors refuse.
/// </summary>
internal static class PostQuantumProcesses
{
    /// <summary>
    /// Moon: tokens reset, ×α, ×β act on the curve η(x) = [x, −1 − ln x, −1] as R = outer([1, 1, 0], [1, −1, −1])
    /// (η(x)R = (x − 1 − ln x)·η(1)) and M(μ) = [[μ, 0, 0], [0, 1, 0], [0, ln μ, 1]] (η(x)M(μ) = η(μx)),
    /// all divided by the spectral radius of R + M(α) + M(β).
    /// </summary>
    public static HiddenMarkovProcess Moon(double alpha, double beta, string name)
    {
        double[][,] matrices =
        [
            new double[,] { { 1, -1, -1 }, { 1, -1, -1 }, { 0, 0, 0 } },
            Multiply(alpha),
            Multiply(beta),
        ];
        var total = Matrix<double>.Build.Dense(3, 3);
        foreach (var m in matrices) total += Matrix<double>.Build.DenseOfArray(m);
        double radius = total.Evd().EigenValues.Max(e => e.Magnitude);
        foreach (var m in matrices)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    m[i, j] /= radius;
        return new HiddenMarkovProcess(name, ["0", "1", "2"], ["s0", "s1", "s2"], matrices, generalized: true, description: "moon (post-quantum)");

        static double[,] Multiply(double mu) => new[,] { { mu, 0, 0 }, { 0, 1, 0 }, { 0, Math.Log(mu), 1 } };
    }

    /// <summary>
    /// The moon process needs α > 1 > β > 0 (the parameters' ranges), α + β ≠ 2 and ln α/ln β irrational; like the
    /// field's constructor this refuses α + β and ln α/ln β within 1e-12 (relative) of 2 and of an integer.
    /// </summary>
    public static void CheckMoon(ParameterValues values, double alpha, double beta, string alphaName, string betaName)
    {
        if (!double.IsFinite(alpha))
            throw values.Refuse("make α = e^ln α overflow; the moon process needs a finite α (ln α < 709)", alphaName);
        if (Close(alpha + beta, 2))
            throw values.Refuse("make α + β = 2; the moon process needs α + β ≠ 2", alphaName, betaName);
        double ratio = Math.Log(alpha) / Math.Log(beta);
        if (Close(ratio, Math.Round(ratio)))
            throw values.Refuse(string.Create(CultureInfo.InvariantCulture,
                $"make ln α/ln β = {ratio:G6}, an integer; the moon process needs an irrational ratio"), alphaName, betaName);

        static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    /// <summary>
    /// Fanizza's process with c = cos α, s = sin α, d = 1 − 2λc + λ², a = (1 − λc + λs)/d, b = (1 − λc − λs)/d:
    /// token 0 resets, T⁽⁰⁾ = outer(w, π₀), with π₀ = (1 − (2/(1 − λ) − a − b)/4, 1/(2(1 − λ)), −a/4, −b/4) and
    /// w = (1, 1 − λ, 1 + λ(s − c), 1 − λ(s + c)); token 1 rotates, T⁽¹⁾ = D_b = λ·diag(0, 1, [[c, −s], [s, c]]).
    /// Refuses (α, λ) for which a word gets a negative probability (<see cref="FirstNegativeWord"/>).
    /// </summary>
    public static HiddenMarkovProcess Fanizza(ParameterValues values, double alpha, double lambda, string name)
    {
        var f = new FanizzaForm(alpha, lambda);
        var matrices = new double[2][,];
        matrices[0] = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                matrices[0][i, j] = f.W[i] * f.Pi0[j];
        matrices[1] = new[,] { { 0, 0, 0, 0 }, { 0, lambda, 0, 0 }, { 0, 0, lambda * f.C, -lambda * f.S }, { 0, 0, lambda * f.S, lambda * f.C } };

        string[] states = ["s0", "s1", "s2", "s3"];
        var total = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                total[i, j] = matrices[0][i, j] + matrices[1][i, j];
        var (pi, _) = StationaryEigenvectors.ForGeneralized(name, total);
        if (f.FirstNegativeWord(pi) is var (word, probability))
            throw values.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"the word '{word}' gets probability {probability:G3}; every word must have a probability ≥ 0 (at alpha = 2000, lambda ≲ 0.62)"));
        return new HiddenMarkovProcess(name, ["0", "1"], states, matrices, generalized: true, description: "Fanizza's process");
    }

    /// <summary>The vectors and rotation of Fanizza's process, and the signs of the factors of its word probabilities.</summary>
    private sealed class FanizzaForm
    {
        /// <summary>
        /// Largest n of D_b^n checked. For n ≥ 1 a factor is λⁿ(u₁v₁ + |u₂₃||v₂₃| cos(nα + φ)), which n ≤ 10,000 samples
        /// densely when α/π is irrational.
        /// </summary>
        public const int MaxPower = 10_000;

        private readonly double _alpha, _lambda;
        public double C { get; }
        public double S { get; }
        public double[] Pi0 { get; }
        public double[] W { get; }

        public FanizzaForm(double alpha, double lambda)
        {
            _alpha = alpha;
            _lambda = lambda;
            C = Math.Cos(alpha);
            S = Math.Sin(alpha);
            double d = 1 - 2 * lambda * C + lambda * lambda;
            double a = (1 - lambda * C + lambda * S) / d, b = (1 - lambda * C - lambda * S) / d;
            Pi0 = [1 - (2 / (1 - lambda) - a - b) / 4, 1 / (2 * (1 - lambda)), -a / 4, -b / 4];
            W = [1, 1 - lambda, 1 + lambda * (S - C), 1 - lambda * (S + C)];
        }

        /// <summary>
        /// Every word factorises: P(b^{n₀} a b^{n₁} a … b^{n_k}) = (π D_b^{n₀} w)·Π(π₀ D_b^{nᵢ} w)·(π₀ D_b^{n_k} 1), so all
        /// words are ≥ 0 iff the factors are. Checks b^n, b^n a, a b^n and a b^n a for n ≤ <see cref="MaxPower"/>,
        /// shortest first, and returns the first with a negative probability ("1 1 0" for b b a) and that probability.
        /// </summary>
        public (string Word, double Probability)? FirstNegativeWord(double[] pi)
        {
            double[] ones = [1, 1, 1, 1];
            double pA = Dot(pi, W);
            for (int length = 1; length <= MaxPower + 2; length++)
                foreach (var (leadingA, trailingA) in new[] { (false, false), (false, true), (true, false), (true, true) })
                {
                    int n = length - (leadingA ? 1 : 0) - (trailingA ? 1 : 0);
                    if (n < 0 || (leadingA && !trailingA && n == 0)) continue; // "a" is b^0 a
                    double factor = Factor(leadingA ? Pi0 : pi, trailingA ? W : ones, n, out double scale);
                    if (factor < -1e-12 * scale)
                        return (Word(leadingA, n, trailingA), (leadingA ? pA : 1) * Math.Pow(_lambda, n) * factor);
                }
            return null;
        }

        /// <summary>u D_b^n v / λⁿ: u·v for n = 0, else u₁v₁ + (u₂, u₃) R(nα) (v₂, v₃)ᵀ, with the size of its terms.</summary>
        private double Factor(double[] u, double[] v, int n, out double scale)
        {
            if (n == 0)
            {
                scale = u.Zip(v, (a, b) => Math.Abs(a * b)).Sum();
                return Dot(u, v);
            }
            double c = Math.Cos(n * _alpha), s = Math.Sin(n * _alpha);
            scale = Math.Abs(u[1] * v[1]) + Math.Sqrt((u[2] * u[2] + u[3] * u[3]) * (v[2] * v[2] + v[3] * v[3]));
            return u[1] * v[1] + u[2] * (c * v[2] - s * v[3]) + u[3] * (s * v[2] + c * v[3]);
        }

        private static string Word(bool leadingA, int n, bool trailingA) =>
            string.Join(" ", (leadingA ? ["0"] : Array.Empty<string>()).Concat(Enumerable.Repeat("1", n)).Concat(trailingA ? ["0"] : []));

        private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
    }
}
