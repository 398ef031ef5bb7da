using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Tests.Theory;

/// <summary>
/// The far-future fraction r: the share of belief variance in null(Mᵀ), which the next-token distribution cannot see.
/// A closed form by hand, Mess3 (where the next token sees everything), and RRXOR against an independent computation
/// by brute force over words with a pseudo-inverse projector.
/// </summary>
public class FarFutureTests
{
    [Fact]
    public void Period3ByHand()
    {
        // E = [[1, 0], [1, 0], [0, 1]]: col(E) = span{(1,1,0), (0,0,1)}, null(Eᵀ) = span{u}, u = (1, −1, 0)/√2.
        // L = 1: '0' (2/3) → (0, ½, ½), '1' (1/3) → (1, 0, 0); mean (⅓, ⅓, ⅓); Σp(u·δ)² = ⅔·⅛ + ⅓·½ = ¼,
        //        Σp‖δ‖² = ⅔·⅙ + ⅓·⅔ = ⅓, so r(1) = ¾.
        // L = 2: '00', '01', '10' (⅓ each) → e₂, e₀, e₁; Σp(u·δ)² = ⅓(0 + ½ + ½) = ⅓, Σp‖δ‖² = ⅔, so r(2) = ½.
        // Pooled over L = 1, 2: (¼ + ⅓)/(⅓ + ⅔) = 7/12.
        var report = ProcessTheory.Compute(TestSupport.Period3(), new TheoryOptions { Depth = 2 });
        Assert.Equal(2, report.NextTokenRank);
        Assert.Null(report.FarFutureFractionAtDepth[0]);
        Assert.Equal(0.75, report.FarFutureFractionAtDepth[1]!.Value, 12);
        Assert.Equal(0.5, report.FarFutureFractionAtDepth[2]!.Value, 12);
        Assert.Equal(7.0 / 12, report.FarFutureFraction!.Value, 12);
    }

    [Fact]
    public void Mess3NextTokenSeesEveryDirection()
    {
        var report = ProcessTheory.Compute(ProcessCatalog.Resolve("mess3"), new TheoryOptions { Depth = 6 });
        Assert.Equal(3, report.NextTokenRank);
        Assert.All(report.FarFutureFractionAtDepth.Skip(1), r => Assert.Equal(0.0, r!.Value));
        Assert.Equal(0.0, report.FarFutureFraction!.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void RrxorAgreesWithBruteForceOverWords(int depth)
    {
        var process = ProcessCatalog.Resolve("rrxor");
        var report = ProcessTheory.Compute(process, new TheoryOptions { Depth = depth });

        // Independently: every word of length L with its probability and belief, P_null = I − M M⁺.
        int n = process.StateCount, v = process.TokenCount;
        var m = Matrix<double>.Build.Dense(n, v, (i, x) => process.EmissionVector(x)[i]);
        var projector = Matrix<double>.Build.DenseIdentity(n) - m * m.PseudoInverse();
        double pooledBeyond = 0, pooledTotal = 0;
        for (int length = 1; length <= depth; length++)
        {
            var words = Enumerable.Range(0, 1 << length).Select(code => Enumerable.Range(0, length).Select(k => (code >> k) & 1).ToArray())
                .Select(word => (P: BeliefUpdate.Probability(process, word), Word: word)).Where(w => w.P > 0).ToList();
            var mean = Vector<double>.Build.Dense(n);
            foreach (var (p, word) in words) mean += p * Vector<double>.Build.DenseOfArray(BeliefUpdate.After(process, word));
            double beyond = 0, total = 0;
            foreach (var (p, word) in words)
            {
                var delta = Vector<double>.Build.DenseOfArray(BeliefUpdate.After(process, word)) - mean;
                total += p * delta.DotProduct(delta);
                var hidden = projector * delta;
                beyond += p * hidden.DotProduct(hidden);
            }
            Assert.Equal(beyond / total, report.FarFutureFractionAtDepth[length]!.Value, 10);
            pooledBeyond += beyond;
            pooledTotal += total;
        }
        Assert.Equal(pooledBeyond / pooledTotal, report.FarFutureFraction!.Value, 10);
        Assert.True(report.FarFutureFraction > 0.5, $"RRXOR's beliefs are mostly beyond the next token, r = {report.FarFutureFraction}");
    }

    [Fact]
    public void ThePartBeyondIsInvisibleToTheNextToken()
    {
        // Property: for random directions δ, P_null δ changes no next-token probability (δ·M = 0) and keeps the rest.
        var rng = new Xoshiro256StarStar(3);
        foreach (string name in new[] { "rrxor", "z1r", "mess3", "even" })
        {
            var process = ProcessCatalog.Resolve(name);
            var subspace = new NextTokenSubspace(process);
            int n = process.StateCount;
            for (int trial = 0; trial < 20; trial++)
            {
                var delta = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
                var beyond = new double[n];
                double squared = subspace.Beyond(delta, beyond);
                Assert.Equal(beyond.Sum(b => b * b), squared, 14);
                TestSupport.AssertNextTokenBlind(process, beyond);
                // Idempotent: projecting again removes nothing more.
                var twice = new double[n];
                Assert.Equal(squared, subspace.Beyond(beyond, twice), 12);
            }
        }
    }
}
