using BeliefGeometry.Probing;
using static BeliefGeometry.Tests.Probing.ProbeTestSupport;

namespace BeliefGeometry.Tests.Probing;

public class LeastSquaresTests
{
    [Fact]
    public void FourWeightedPointsSolvedByHand()
    {
        // x = 0, 1, 2, 3; y₁ = 1, 3, 2, 5; y₂ = 2x + 1; w = 1, 2, 1, 0 (the last point must not count).
        // S_w = 4, x̄ = 1, ȳ₁ = 9/4; C_xx = 1·1 + 2·0 + 1·1 = 2; C_xy = (−1)(−5/4) + (1)(−1/4) = 1
        // ⇒ b = 1/2, a = 9/4 − 1/2 = 7/4. Residuals −3/4, 3/4, −3/4: SSE = 9/16·(1+2+1) = 9/4;
        // SST = 25/16 + 2·9/16 + 1/16 = 11/4 ⇒ R² = 1 − 9/11 = 2/11, MSE = (9/4)/4 = 9/16.
        var x = new FeatureMatrix("x", [0f, 1f, 2f, 3f], 1);
        var y = new TargetMatrix("y", [1, 1, 3, 3, 2, 5, 5, 7], 2);
        double[] w = [1, 2, 1, 0];
        var probe = new WeightedLinearProbe().Fit(x, y, w);
        var model = probe.Model!;
        Assert.Equal(0.5, model.Coefficient(0, 0), 1e-12);
        Assert.Equal(1.75, model.Intercept[0], 1e-12);
        Assert.Equal(2.0, model.Coefficient(0, 1), 1e-12);
        Assert.Equal(1.0, model.Intercept[1], 1e-12);
        Assert.False(model.PseudoInverse);

        var single = new TargetMatrix("y1", [1, 3, 2, 5], 1);
        var score = new WeightedLinearProbe().Fit(x, single, w).Score(x, single, w);
        Assert.Equal(2.0 / 11, score.R2!.Value, 1e-12);
        Assert.Equal(9.0 / 16, score.Mse, 1e-12);
        // The same from the statistics alone.
        var fromStats = new WeightedLinearProbe().Fit(x, single, w).Score(SufficientStatistics.Compute(x, single, w));
        Assert.Equal(2.0 / 11, fromStats.R2!.Value, 1e-10);
        Assert.Equal(9.0 / 16, fromStats.Mse, 1e-10);
    }

    [Fact]
    public void ExactAffineTargetsAreRecovered()
    {
        var x = RandomFeatures(700, 13, seed: 1);
        var w = RandomWeights(700, seed: 2);
        var b = Enumerable.Range(0, 13 * 4).Select(i => Math.Sin(i + 1.0)).ToArray();
        double[] a = [0.3, -1, 2, 0];
        var y = Affine(x, b, a);
        var probe = new WeightedLinearProbe().Fit(x, y, w);
        for (int i = 0; i < b.Length; i++) Assert.Equal(b[i], probe.Model!.Coefficients[i], 1e-9);
        for (int t = 0; t < 4; t++) Assert.Equal(a[t], probe.Model!.Intercept[t], 1e-9);
        var score = probe.Score(x, y, w);
        Assert.Equal(1.0, score.R2!.Value, 1e-12);
        Assert.True(score.Mse < 1e-20, $"MSE {score.Mse}");
        Assert.All(score.R2PerDimension, r => Assert.Equal(1.0, r!.Value, 12));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 2, 2)]
    [InlineData(70, 9, 2)]
    [InlineData(1000, 31, 2)]
    public void KernelMatchesPlainLoopsAndShardsAddUp(int n, int p, int threads)
    {
        var x = RandomFeatures(n, p, seed: 3);
        var w = RandomWeights(n, seed: 4);
        var y = new TargetMatrix("y", RandomFeatures(n, 3, seed: 5).ToArray().Select(v => (double)v).ToArray(), 3);
        var all = Enumerable.Range(0, n).ToArray();
        var whole = SufficientStatistics.Compute(x, y, w, all, threads);
        var naive = NaiveGram(x, y, w, all);
        Assert.Equal(naive.Length, whole.Gram.Length);
        for (int i = 0; i < naive.Length; i++) Assert.Equal(naive[i], whole.Gram[i], 1e-12);

        var first = all.Where(i => i % 3 == 0).ToArray();
        var second = all.Where(i => i % 3 != 0).ToArray();
        var sum = SufficientStatistics.Compute(x, y, w, first, threads).Add(SufficientStatistics.Compute(x, y, w, second, threads));
        for (int i = 0; i < naive.Length; i++) Assert.Equal(whole.Gram[i], sum.Gram[i], 1e-13);
        Assert.Equal(w.Sum(), whole.WeightSum, 1e-13);
    }

    [Fact]
    public void BlockStatisticsAreSubBlocksOfTheConcatenation()
    {
        var a = RandomFeatures(300, 5, seed: 6, name: "a");
        var b = RandomFeatures(300, 7, seed: 7, name: "b");
        var w = RandomWeights(300, seed: 8);
        var y = new TargetMatrix("y", RandomFeatures(300, 2, seed: 9).ToArray().Select(v => (double)v).ToArray(), 2);
        var both = SufficientStatistics.Compute(FeatureMatrix.Concatenate("a+b", [a, b]), y, w);
        var direct = SufficientStatistics.Compute(b, y, w);
        var sub = both.SelectFeatures(5, 7);
        for (int i = 0; i < direct.Gram.Length; i++) Assert.Equal(direct.Gram[i], sub.Gram[i], 1e-13);
    }

    [Fact]
    public void RidgeTendsToLeastSquaresAndToTheWeightedMean()
    {
        var x = RandomFeatures(400, 6, seed: 10);
        var w = RandomWeights(400, seed: 11);
        var noise = RandomFeatures(400, 2, seed: 12).ToArray();
        var y = Affine(x, Enumerable.Range(0, 12).Select(i => i - 5.5).ToArray(), [1, -2]);
        for (int i = 0; i < y.Values.Length; i++) y.Values[i] += noise[i];
        var stats = SufficientStatistics.Compute(x, y, w);
        var ols = WeightedLeastSquares.Fit(stats);
        var tiny = WeightedLeastSquares.Fit(stats, penalty: 1e-12);
        for (int i = 0; i < ols.Coefficients.Length; i++) Assert.Equal(ols.Coefficients[i], tiny.Coefficients[i], 1e-8);
        for (int t = 0; t < 2; t++) Assert.Equal(ols.Intercept[t], tiny.Intercept[t], 1e-8);

        var huge = WeightedLeastSquares.Fit(stats, penalty: 1e12);
        Assert.All(huge.Coefficients, c => Assert.True(Math.Abs(c) < 1e-9));
        for (int t = 0; t < 2; t++) Assert.Equal(stats.TargetSum(t) / stats.WeightSum, huge.Intercept[t], 1e-8);
        // Shrinkage is monotone in λ.
        double Norm(LinearCoefficients c) => c.Coefficients.Sum(v => v * v);
        Assert.True(Norm(WeightedLeastSquares.Fit(stats, 0.1)) < Norm(ols));
        Assert.True(Norm(WeightedLeastSquares.Fit(stats, 10)) < Norm(WeightedLeastSquares.Fit(stats, 0.1)));
    }

    [Fact]
    public void SingularFeaturesFallBackToThePseudoInverse()
    {
        // Columns: x₀, 2x₀ (collinear), a constant 5 (like a fixed-position embedding), x₁.
        var x0 = RandomFeatures(200, 2, seed: 13).ToArray();
        var values = new float[200 * 4];
        for (int i = 0; i < 200; i++)
        {
            values[i * 4] = x0[2 * i];
            values[i * 4 + 1] = 2 * x0[2 * i];
            values[i * 4 + 2] = 5;
            values[i * 4 + 3] = x0[2 * i + 1];
        }
        var x = new FeatureMatrix("x", values, 4);
        var w = RandomWeights(200, seed: 14);
        var y = new TargetMatrix("y", Enumerable.Range(0, 200).Select(i => 3.0 * x0[2 * i] - x0[2 * i + 1] + 0.5).ToArray(), 1);
        var probe = new WeightedLinearProbe().Fit(x, y, w);
        var model = probe.Model!;
        Assert.True(model.PseudoInverse);
        Assert.Equal(2, model.Rank);
        Assert.Equal(0.0, model.Coefficient(2, 0)); // the constant column
        // Minimum-norm split of 3·x₀ between x₀ and 2x₀ in standardised coordinates: equal standardised weights.
        Assert.Equal(3.0, model.Coefficient(0, 0) + 2 * model.Coefficient(1, 0), 1e-9);
        Assert.Equal(-1.0, model.Coefficient(3, 0), 1e-9);
        Assert.Equal(0.5, model.Intercept[0], 1e-9);
        Assert.Equal(1.0, probe.Score(x, y, w).R2!.Value, 1e-10);
        // All constant: the prediction is the weighted mean.
        var constant = new FeatureMatrix("c", Enumerable.Repeat(1f, 200).ToArray(), 1);
        var mean = new WeightedLinearProbe().Fit(constant, y, w).Model!;
        Assert.Equal(0, mean.Rank);
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => w[i] * y.Values[i]), mean.Intercept[0], 1e-12);
    }

    [Fact]
    public void RidgeCvPrefersSmallPenaltiesOnCleanDataAndLargeOnNoise()
    {
        var x = RandomFeatures(600, 8, seed: 15);
        var w = RandomWeights(600, seed: 16);
        var clean = Affine(x, Enumerable.Range(0, 8).Select(i => 1.0 + i).ToArray(), [0.0]);
        var cv = new RidgeCv(seed: 1).Fit(x, clean, w);
        Assert.True(cv.ChosenPenalty <= 1e-4, $"chose {cv.ChosenPenalty}");
        Assert.Equal(1.0, cv.Score(x, clean, w).R2!.Value, 1e-6);

        var noise = new TargetMatrix("noise", RandomFeatures(600, 1, seed: 17).ToArray().Select(v => (double)v).ToArray(), 1);
        var noiseCv = new RidgeCv(seed: 1).Fit(x, noise, w);
        Assert.True(noiseCv.ChosenPenalty >= 1, $"chose {noiseCv.ChosenPenalty}");
        Assert.Equal(RidgeCv.DefaultGrid.Count, noiseCv.CvR2.Count);
    }

    [Fact]
    public void ConstantTargetsHaveNoRSquaredAndSerialise()
    {
        var x = RandomFeatures(50, 2, seed: 18);
        var w = RandomWeights(50, seed: 19);
        var y = new TargetMatrix("y", Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 0.25 : i / 100.0).ToArray(), 2);
        var score = new WeightedLinearProbe().Fit(x, y, w).Score(x, y, w);
        Assert.Null(score.R2PerDimension[0]);
        Assert.NotNull(score.R2PerDimension[1]);
        Assert.NotNull(score.R2);
        string json = System.Text.Json.JsonSerializer.Serialize(score);
        Assert.Contains("\"r2_per_dimension\":[null,", json);
    }
}
