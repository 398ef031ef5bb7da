using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using MathNet.Numerics.LinearAlgebra;
using static BeliefGeometry.Tests.Processes.CatalogReference;
using static BeliefGeometry.Tests.TestSupport;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// The catalog's processes against CATALOG.md's closed forms: stationary laws π, right eigenvectors τ (up to this
/// project's scale π·τ = 1, Σπ = 1; the field's is Στ = n), entropy rates, and word laws recomputed from the formulas.
/// </summary>
public class CatalogClosedFormTests
{
    private static TheoryReport Theory(string spec, int depth = 8) =>
        ProcessTheory.Compute(ProcessCatalog.Parse(spec), new TheoryOptions(Depth: depth));

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.3, 0.8)]
    public void RrxorStationaryLaw(double p1, double p2)
    {
        var pi = ProcessCatalog.Parse($"rrxor:p1={p1},p2={p2}").Stationary.ToArray();
        double[] expected = [1, p1, 1 - p1, p1 * (1 - p2) + (1 - p1) * p2, p1 * p2 + (1 - p1) * (1 - p2)];
        Assert.Equal(expected.Select(x => x / 3), pi, new Within(1e-14));
    }

    [Theory]
    [InlineData("even_ones", 0.3)]
    [InlineData("even", 0.7)]
    [InlineData("no_consecutive_ones", 0.3)]
    [InlineData("golden_mean", 0.7)]
    public void TwoStateProcessesHavePiOneP(string name, double p) =>
        Assert.Equal([1 / (1 + p), p / (1 + p)], ProcessCatalog.Parse($"{name}:p={p}").Stationary.ToArray(), new Within(1e-14));

    [Theory]
    [InlineData(0.4, 0.25)]
    [InlineData(0.1, 0.9)]
    [InlineData(0.6, 0.0)]
    public void MrNameStationaryLawAndEntropyRate(double p, double q)
    {
        // π = (2q, 1, 1, 2q)/(2 + 4q). Unifilar (each token names the destination): h_μ = Σ π_s H[next | s], with
        // Mr. → name certain, name → Something/Blah a fair bit, Something and Blah each H(q, p, 1 − p − q).
        var r = Theory($"mr_name:p={p},q={q}");
        Assert.Equal(new[] { 2 * q, 1, 1, 2 * q }.Select(x => x / (2 + 4 * q)), r.Stationary, new Within(1e-14));
        Assert.Equal((2 * q + 2 * H(q, p, 1 - p - q)) / (2 + 4 * q), r.EntropyRateBits, 12);
        Assert.True(r.EntropyRateExact);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.2, 0.7)]
    public void SnsStationaryLawAndUnboundedBeliefs(double p, double q)
    {
        Assert.Equal([q / (p + q), p / (p + q)], ProcessCatalog.Parse($"sns:p={p},q={q}").Stationary.ToArray(), new Within(1e-14));
        // The belief depends on the 0s since the last 1 (or on the whole word when it has no 1): L + 1 beliefs at depth L.
        var r = Theory($"sns:p={p},q={q}", 10);
        Assert.Equal(Enumerable.Range(1, 11), r.UniqueBeliefsAtDepth);
    }

    [Fact]
    public void ChecksumStationaryLawAndEntropyRate()
    {
        // n = 2 random tokens mod m = 3, then their sum. π(seed) = 1/3; π(i, r) = P(Σ_{k<i} x_k ≡ r)/3;
        // h_μ = (H(probs₀) + H(probs₁))/3.
        double[][] probs = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]];
        var r = Theory("checksum:probs=[[0.2,0.3,0.5],[0.6,0.1,0.3]]", 9);
        var sums = new double[3];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) sums[(a + b) % 3] += probs[0][a] * probs[1][b];
        double[] expected = [1, .. probs[0], .. sums];
        Assert.Equal(expected.Select(x => x / 3), r.Stationary, new Within(1e-14));
        Assert.Equal((H(probs[0]) + H(probs[1])) / 3, r.EntropyRateBits, 12);
        Assert.True(r.EntropyRateExact);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void CoinIsIndependent(double p)
    {
        var r = Theory($"coin:p={p}");
        Assert.Equal(H(p, 1 - p), r.EntropyRateBits, 14);
        Assert.Equal(0, r.ExcessEntropyBits, 12);
        Assert.Equal(5 * H(p, 1 - p), r.BlockEntropyBits[5], 12);
    }

    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(5, 0.2)]
    [InlineData(7, 0.9)]
    public void CycleIsAMarkovChainOnItsTokens(int n, double p)
    {
        // The token is the state left, so the process is order-1 Markov on n uniform states: h_μ = H(p), E = log₂ n − H(p).
        var r = Theory($"cycle:n={n},p={p}");
        Assert.All(r.Stationary, x => Assert.Equal(1.0 / n, x, 14));
        Assert.Equal(H(p, 1 - p), r.EntropyRateBits, 12);
        Assert.Equal(Math.Log2(n) - H(p, 1 - p), r.ExcessEntropyBits, 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ShortCyclesAreDeterministic(int n)
    {
        var r = Theory($"cycle:n={n},p=0.3");
        Assert.Equal(0, r.EntropyRateBits, 14);
        Assert.Equal(n == 1 ? 0 : 1, r.ExcessEntropyBits, 10);
    }

    [Theory]
    [InlineData("[1,0.5,0.5]")]
    [InlineData("[1,0.3,0.8,0.6]")]
    [InlineData("[1]")]
    public void MatchingParensIsABirthDeathChain(string openProbs)
    {
        // Depth d opens with o_d (o_N = 0 appended): detailed balance π_d o_d = π_{d+1}(1 − o_{d+1}); h_μ = Σ π_d H(o_d).
        double[] o = [.. openProbs.Trim('[', ']').Split(',').Select(double.Parse), 0];
        var pi = new double[o.Length];
        pi[0] = 1;
        for (int d = 0; d + 1 < o.Length; d++) pi[d + 1] = pi[d] * o[d] / (1 - o[d + 1]);
        double total = pi.Sum();
        var r = Theory($"matching_parens:open_probs={openProbs}");
        Assert.Equal(pi.Select(x => x / total), r.Stationary, new Within(1e-14));
        Assert.Equal(pi.Select((x, d) => x / total * H(o[d], 1 - o[d])).Sum(), r.EntropyRateBits, 12);
    }

    [Fact]
    public void ZeroOneRandomHasAUniformStationaryLaw()
    {
        var r = Theory("zero_one_random:p=0.2");
        Assert.All(r.Stationary, x => Assert.Equal(1.0 / 3, x, 14));
        Assert.Equal(H(0.2, 0.8) / 3, r.EntropyRateBits, 12);
    }

    [Fact]
    public void DaysOfWeekWeighsEveryRowToFifteen()
    {
        // From day i (Mon = 0 … Sun = 6): naming day d weighs 1 (5 for tomorrow), Tmrw 1, Yest 1, Wknd ½ to each of Sat
        // and Sun, Wkdy ⅕ to each weekday; each row totals 15. π of that 7-state chain, by power iteration.
        var process = ProcessCatalog.Parse("days_of_week");
        const int tmrw = 7, yest = 8, wknd = 9, wkdy = 10;
        var chain = new double[7, 7];
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++)
            {
                double weight = (j == (i + 1) % 7 ? 5 : 1) + (j == (i + 1) % 7 ? 1 : 0) + (j == (i + 6) % 7 ? 1 : 0) + (j >= 5 ? 0.5 : 0.2);
                chain[i, j] = weight / 15;
                double fromTokens = Enumerable.Range(0, 11).Sum(x => process[x, i, j]);
                Assert.Equal(chain[i, j], fromTokens, 15);
            }
        Assert.Equal(5.0, 15 * process[2, 1, 2], 13);    // Tue → "Wed" → Wed
        Assert.Equal(1.0, 15 * process[4, 1, 4], 13);    // Tue → "Fri" → Fri
        Assert.Equal(1.0, 15 * process[tmrw, 6, 0], 13); // Sun → "Tmrw" → Mon
        Assert.Equal(1.0, 15 * process[yest, 0, 6], 13); // Mon → "Yest" → Sun
        Assert.Equal(0.5, 15 * process[wknd, 3, 5], 13);
        Assert.Equal(0.2, 15 * process[wkdy, 3, 0], 13);
        Assert.Equal(0.0, process[wknd, 3, 4]);

        var pi = Enumerable.Repeat(1.0 / 7, 7).ToArray();
        for (int step = 0; step < 2000; step++)
            pi = Enumerable.Range(0, 7).Select(j => Enumerable.Range(0, 7).Sum(i => pi[i] * chain[i, j])).ToArray();
        Assert.Equal(pi, process.Stationary.ToArray(), new Within(1e-13));
        Assert.True(pi.Max() - pi.Min() > 0.02); // not uniform
    }

    [Theory]
    [InlineData("tom_quantum", 3)]
    [InlineData("tom_quantum:alpha=1,beta=4.3", 3)]
    [InlineData("bloch_walk", 3)]
    [InlineData("bloch_walk:measurement_angle=0.4,p_z_axis=0.3", 3)]
    [InlineData("quantum_rrxor", 4)]
    public void QubitProcessesAreUnital(string spec, int n)
    {
        // CATALOG.md: τ = (n, 0, …), π = (1/n, 0, …) with Στ = n. Here Σπ = 1 and π·τ = 1: π = τ = (1, 0, …).
        var process = ProcessCatalog.Parse(spec);
        var unit = Enumerable.Range(0, n).Select(i => i == 0 ? 1.0 : 0).ToArray();
        Assert.Equal(unit, process.Stationary.ToArray(), new Within(1e-12));
        Assert.Equal(unit, process.RightEigenvector.ToArray(), new Within(1e-12));
        Assert.Equal(BeliefSpace.Bloch, process.BeliefSpace);
        Assert.False(process.IsHmm);
    }

    [Fact]
    public void TomQuantumAtOneOneIsAProjectiveMeasurementWithFiveBeliefs()
    {
        // θ = π/2: each token leaves the qubit in an eigenstate of z or x; with π these are the 5 beliefs.
        var r = Theory("tom_quantum:alpha=1,beta=1", 5);
        Assert.Equal(5, r.TotalUniqueBeliefs);
        Assert.Equal([1, 4, 4, 4, 4, 4], r.UniqueBeliefsAtDepth);
        // From π (I/2) all 4 outcomes are equally likely, H(1) = 2; from an eigenstate the same axis repeats its sign and
        // the other is a fair coin: h = H(½, ¼, ¼) = 1.5 bits from then on, so E = 0.5.
        Assert.Equal(2, r.BlockEntropyBits[1], 12);
        Assert.Equal(1.5, r.EntropyRateBits, 12);
        Assert.Equal(0.5, r.ExcessEntropyBits, 10);
    }

    [Theory]
    [InlineData(Math.E, 0.5, new[] { 2.1587, 0.7204, 0.1209 })]
    [InlineData(1.5, 0.3, new[] { 3.00, 3.75, -3.74 })]
    public void MoonTauIsCatalogsUpToScale(double alpha, double beta, double[] fieldTau)
    {
        // The field scales Στ = n = 3; this project π·τ = 1 with Σπ = 1 (π has negative entries).
        var process = ProcessCatalog.Parse($"moon:alpha={alpha},beta={beta}");
        var tau = process.RightEigenvector.ToArray();
        double scale = 3 / tau.Sum();
        Assert.Equal(fieldTau, tau.Select(t => t * scale), new Within(0.006));
        Assert.Equal(1, process.Stationary.ToArray().Sum(), 12);
        Assert.Contains(process.Stationary.ToArray(), x => x < 0);
        Assert.Equal(BeliefSpace.Generalized, process.BeliefSpace);
    }

    [Theory]
    [InlineData(Math.E, 0.5)]
    [InlineData(1.5, 0.3)]
    [InlineData(4.0, 0.9)]
    public void MoonWordLawFollowsItsFormulas(double alpha, double beta)
    {
        // From the formulas: R = outer([1,1,0], [1,−1,−1]), M(μ) = [[μ,0,0],[0,1,0],[0,ln μ,1]], all divided by ρ(R + M(α) + M(β));
        // π and τ by an eigendecomposition; P(w) = π T⁽ʷ⁾ τ / π·τ.
        var build = Matrix<double>.Build;
        var r = build.DenseOfArray(new double[,] { { 1, -1, -1 }, { 1, -1, -1 }, { 0, 0, 0 } });
        Matrix<double> M(double mu) => build.DenseOfArray(new[,] { { mu, 0, 0 }, { 0, 1, 0 }, { 0, Math.Log(mu), 1 } });
        var t = new[] { r, M(alpha), M(beta) };
        double rho = (t[0] + t[1] + t[2]).Evd().EigenValues.Max(e => e.Magnitude);
        t = t.Select(m => m / rho).ToArray();
        var net = t[0] + t[1] + t[2];
        var tau = Eigenvector(net);
        var pi = Eigenvector(net.Transpose());
        var process = ProcessCatalog.Parse($"moon:alpha={alpha},beta={beta}");
        foreach (var word in AllWords(3, 6))
        {
            var row = pi;
            foreach (int x in word) row = row * t[x];
            Assert.Equal(row.DotProduct(tau) / pi.DotProduct(tau), WordProbability(process, word), 12);
        }
        // The curve η(x) = [x, −1 − ln x, −1]: η(x)T⁽¹⁾ = η(αx)/ρ and η(x)T⁽⁰⁾ = (x − 1 − ln x)η(1)/ρ.
        double[] Eta(double x) => [x, -1 - Math.Log(x), -1];
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(Eta(2.3 * alpha)[j] / rho, Enumerable.Range(0, 3).Sum(i => Eta(2.3)[i] * process[1, i, j]), 12);
            Assert.Equal((2.3 - 1 - Math.Log(2.3)) * Eta(1)[j] / rho, Enumerable.Range(0, 3).Sum(i => Eta(2.3)[i] * process[0, i, j]), 12);
        }

        static Vector<double> Eigenvector(Matrix<double> m)
        {
            var evd = m.Evd();
            int k = Enumerable.Range(0, 3).MinBy(i => (evd.EigenValues[i] - 1).Magnitude);
            return evd.EigenVectors.Column(k);
        }
    }

    [Theory]
    [InlineData(2000, 0.49)]
    [InlineData(2000, 0.3)]
    [InlineData(2000, 0.6)]
    public void FanizzaWordLawFollowsItsFormulas(double alpha, double lambda)
    {
        // τ = 1 (π₀·1 = 1); every word from the factorisation P(b^{n₀} a … a b^{n_k}) with D_b^n computed as a rotation by nα.
        var process = ProcessCatalog.Parse($"fanizza:alpha={alpha},lambda={lambda}");
        Assert.Equal(Enumerable.Repeat(1.0, 4), process.RightEigenvector.ToArray(), new Within(1e-12));
        var form = new FanizzaByFormula(alpha, lambda);
        foreach (var word in AllWords(2, 10))
            Assert.Equal(form.Probability(word), WordProbability(process, word), 12);
    }

    [Fact]
    public void FanizzaFailsWhereTheCatalogSays()
    {
        // CATALOG.md: at α = 2000, λ = 0.75 gives a length-4 word probability −0.28 (it is 1 0 0 1, b a a b); the
        // shortest negative word is a a. λ ≤ 0.62 is valid.
        var form = new FanizzaByFormula(2000, 0.75);
        Assert.Equal(-0.28, form.Probability([1, 0, 0, 1]), 2);
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Parse("fanizza:lambda=0.75"));
        Assert.Equal($"process 'fanizza:lambda=0.75': with parameter 'lambda' = 0.75, the word '0 0' gets probability {form.Probability([0, 0]):G3}; every word must have a probability ≥ 0 (at alpha = 2000, lambda ≲ 0.62)", e.Message);
        Assert.True(form.Probability([0, 0]) < -0.09);
        Assert.NotNull(ProcessCatalog.Parse("fanizza:lambda=0.62"));
        Assert.Contains("'lambda' = 0.63", Assert.Throws<ProcessException>(() => ProcessCatalog.Parse("fanizza:lambda=0.63")).Message);
    }

    /// <summary>Fanizza's process written out from CATALOG.md, its π by power iteration of the 4×4 net matrix.</summary>
    private sealed class FanizzaByFormula
    {
        private readonly double _lambda, _alpha;
        private readonly double[] _pi0, _w, _pi;

        public FanizzaByFormula(double alpha, double lambda)
        {
            (_alpha, _lambda) = (alpha, lambda);
            double c = Math.Cos(alpha), s = Math.Sin(alpha), d = 1 - 2 * lambda * c + lambda * lambda;
            double a = (1 - lambda * c + lambda * s) / d, b = (1 - lambda * c - lambda * s) / d;
            _pi0 = [1 - (2 / (1 - lambda) - a - b) / 4, 1 / (2 * (1 - lambda)), -a / 4, -b / 4];
            _w = [1, 1 - lambda, 1 + lambda * (s - c), 1 - lambda * (s + c)];
            // π = (π·w)π₀ + π D_b: iterate from π₀ (the net matrix's other eigenvalues are inside the unit disk).
            _pi = _pi0;
            for (int step = 0; step < 5000; step++)
            {
                double pw = Dot(_pi, _w);
                var next = Power(_pi, 1);
                _pi = Enumerable.Range(0, 4).Select(i => pw * _pi0[i] + next[i]).ToArray();
            }
        }

        /// <summary>u D_b^n, D_b^n = λⁿ diag(0, 1, R(nα)) for n ≥ 1.</summary>
        private double[] Power(double[] u, int n)
        {
            if (n == 0) return u;
            double l = Math.Pow(_lambda, n), c = Math.Cos(n * _alpha), s = Math.Sin(n * _alpha);
            return [0, l * u[1], l * (u[2] * c + u[3] * s), l * (-u[2] * s + u[3] * c)];
        }

        /// <summary>P(b^{n₀} a b^{n₁} a … b^{n_k}) = (π D_b^{n₀} w)·Π(π₀ D_b^{nᵢ} w)·(π₀ D_b^{n_k} 1), with token 0 = a.</summary>
        public double Probability(int[] word)
        {
            var runs = new List<int> { 0 };
            foreach (int x in word)
                if (x == 0) runs.Add(0);
                else runs[^1]++;
            double p = 1;
            for (int k = 0; k < runs.Count; k++)
            {
                var u = Power(k == 0 ? _pi : _pi0, runs[k]);
                p *= k == runs.Count - 1 ? u.Sum() : Dot(u, _w);
            }
            return p;
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
    }
}
