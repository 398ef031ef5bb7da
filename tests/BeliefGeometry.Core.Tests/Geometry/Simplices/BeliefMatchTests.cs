using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Tests.Geometry.Simplices;

/// <summary><see cref="BeliefMatch.Score"/> on beliefs that are, and are not, an affine function of the barycentric coordinates; <see cref="BeliefMatch.Match"/> on hand-made matrices.</summary>
public class BeliefMatchTests
{
    /// <summary>Rows × k affine barycentric coordinates (Σ = 1, some entries negative as for rows outside the simplex).</summary>
    private static double[] Barycentric(Random random, int rows, int k)
    {
        var b = new double[rows * k];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int v = 0; v < k - 1; v++) sum += b[i * k + v] = 1.4 * random.NextDouble() - 0.2;
            b[i * k + k - 1] = 1 - sum;
        }
        return b;
    }

    private static bool[] HalfHeldOut(Random random, int rows) => [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.5)];

    [Theory]
    [InlineData(3, 3, false)]
    [InlineData(4, 5, true)]
    [InlineData(5, 2, true)]
    public void AnExactAffineFunctionScoresOne(int k, int q, bool weighted)
    {
        var random = new Random(k * 10 + q);
        const int Rows = 2000;
        var b = Barycentric(random, Rows, k);
        // y = α·A + c with a random A (k × q) and offset c: affine in α (and, as Σα = 1, in α without its last entry).
        var a = Enumerable.Range(0, k * q).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var c = Enumerable.Range(0, q).Select(_ => random.NextDouble()).ToArray();
        var y = new double[Rows * q];
        for (int i = 0; i < Rows; i++)
            for (int t = 0; t < q; t++)
            {
                double s = c[t];
                for (int v = 0; v < k; v++) s += b[i * k + v] * a[v * q + t];
                y[i * q + t] = s;
            }
        var weights = weighted ? Enumerable.Range(0, Rows).Select(_ => random.NextDouble() * 3).ToArray() : Enumerable.Repeat(1.0, Rows).ToArray();
        double r2 = BeliefMatch.Score(b, k, new FactorBeliefs("f", y, q), weights, HalfHeldOut(random, Rows));
        Assert.Equal(1, r2, 9);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 4)]
    public void UnrelatedNumbersScoreNearZero(int k, int q)
    {
        var random = new Random(100 + k);
        const int Rows = 4000;
        var b = Barycentric(random, Rows, k);
        var y = Enumerable.Range(0, Rows * q).Select(_ => random.NextDouble()).ToArray();
        double r2 = BeliefMatch.Score(b, k, new FactorBeliefs("noise", y, q), Enumerable.Repeat(1.0, Rows).ToArray(), HalfHeldOut(random, Rows));
        // Held out, an unrelated affine fit explains nothing: E[R²] ≈ −k/n (a little below 0).
        Assert.InRange(r2, -0.02, 0.05);
    }

    [Fact]
    public void AHalfExplainedBeliefScoresItsShare()
    {
        // y = α₀ + e with Var(α₀) = Var(e): R² ≈ 1/2 (computed here by hand from the held-out residual and total sums).
        var random = new Random(5);
        const int Rows = 20000, K = 3;
        var b = Barycentric(random, Rows, K);
        double sdA = 1.4 / Math.Sqrt(12); // α₀ is uniform on [−0.2, 1.2]
        var y = Enumerable.Range(0, Rows).Select(i => b[i * K] + sdA * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
        var test = HalfHeldOut(random, Rows);
        double r2 = BeliefMatch.Score(b, K, new FactorBeliefs("half", y, 1), Enumerable.Repeat(1.0, Rows).ToArray(), test);
        Assert.InRange(r2, 0.47, 0.53);
    }

    [Fact]
    public void OnlyTrainingRowsFitTheMap()
    {
        // Held-out rows carry y = 1000·α₀ while the training rows carry y = α₀: the fit on the training rows is wrong
        // on the held-out rows, so R² is far below 0. (If held-out rows leaked into the fit, it would be near 1.)
        var random = new Random(6);
        const int Rows = 2000, K = 3;
        var b = Barycentric(random, Rows, K);
        var test = HalfHeldOut(random, Rows);
        var y = Enumerable.Range(0, Rows).Select(i => (test[i] ? 1000 : 1) * b[i * K]).ToArray();
        double r2 = BeliefMatch.Score(b, K, new FactorBeliefs("leak", y, 1), Enumerable.Repeat(1.0, Rows).ToArray(), test);
        Assert.True(r2 < 0, $"R² = {r2}");
    }

    [Fact]
    public void MatchIsGreedyAndOneToOne()
    {
        double[][] scores =
        [
            [0.90, 0.95, 0.10],
            [0.80, 0.99, 0.20],
            [0.10, 0.20, 0.30],
        ];
        // 0.99 → (1, 1); then 0.95 (0, 1) and 0.80 (1, 0) are taken, so 0.90 → (0, 0); then 0.30 → (2, 2).
        Assert.Equal([(1, 1), (0, 0), (2, 2)], BeliefMatch.Match(scores));
    }

    [Fact]
    public void MatchWithMoreFactorsThanSimplicesLeavesFactorsOut()
    {
        double[][] scores =
        [
            [0.5, 0.6, 0.7, 0.1],
            [0.4, 0.9, 0.8, 0.2],
        ];
        // 0.9 → (1, 1); 0.8 (1, 2) is taken; 0.7 → (0, 2); factors 0 and 3 stay unmatched.
        Assert.Equal([(1, 1), (0, 2)], BeliefMatch.Match(scores));
        Assert.Empty(BeliefMatch.Match([]));
    }

    [Fact]
    public void ScoresHoldEveryPair()
    {
        var random = new Random(8);
        const int Rows = 1000;
        var b3 = Barycentric(random, Rows, 3);
        var b4 = Barycentric(random, Rows, 4);
        var f0 = new FactorBeliefs("from b3", [.. Enumerable.Range(0, Rows).Select(i => 2 * b3[i * 3 + 1] - 1)], 1);
        var f1 = new FactorBeliefs("from b4", [.. Enumerable.Range(0, Rows).Select(i => b4[i * 4 + 2])], 1);
        var test = HalfHeldOut(random, Rows);
        var scores = BeliefMatch.Scores([b3, b4], [3, 4], [f0, f1], Enumerable.Repeat(1.0, Rows).ToArray(), test);
        Assert.Equal(2, scores.Length);
        Assert.Equal(1, scores[0][0], 9);
        Assert.Equal(1, scores[1][1], 9);
        Assert.InRange(scores[0][1], -0.05, 0.05);
        Assert.InRange(scores[1][0], -0.05, 0.05);
        Assert.Equal([(0, 0), (1, 1)], BeliefMatch.Match(scores).OrderBy(p => p.Simplex));
    }
}
