using BeliefGeometry.Geometry;

namespace BeliefGeometry.Tests.Geometry;

/// <summary>The weighted covariance pooled within groups, against each group's covariance computed by hand.</summary>
public class WeightedCovarianceTests
{
    [Fact]
    public void PooledCovarianceIsTheWeightedSumOfTheGroupsOwn()
    {
        const int D = 3, Count = 300;
        var random = new Random(5);
        var points = Enumerable.Range(0, Count * D).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var weights = Enumerable.Range(0, Count).Select(i => i % 17 == 0 ? 0 : random.NextDouble()).ToArray();
        // Groups 0–9, and group 10 holding a single point (left out), and group 11 holding one point of positive weight.
        var groups = Enumerable.Range(0, Count).Select(i => i % 10).ToArray();
        groups[5] = 10;
        groups[16] = 11;
        groups[17] = 11; // weight 0: group 11 has one point of positive weight

        var pooled = WeightedCovariance.Compute(points, D, weights, groups);

        var expected = new double[D * D];
        double total = 0;
        int rows = 0;
        for (int g = 0; g < 10; g++)
        {
            var members = Enumerable.Range(0, Count).Where(i => groups[i] == g && weights[i] > 0).ToArray();
            double w = members.Sum(i => weights[i]);
            var mean = Enumerable.Range(0, D).Select(j => members.Sum(i => weights[i] * points[i * D + j]) / w).ToArray();
            foreach (int i in members)
                for (int j = 0; j < D; j++)
                    for (int l = 0; l < D; l++) expected[j * D + l] += weights[i] * (points[i * D + j] - mean[j]) * (points[i * D + l] - mean[l]);
            total += w;
            rows += members.Length;
        }
        Assert.Equal(expected.Select(e => e / total), pooled.Matrix, new TestSupport.Within(1e-12));
        Assert.Equal(10, pooled.Groups);
        Assert.Equal(rows, pooled.Rows);
        double all = weights.Sum();
        Assert.Equal(Enumerable.Range(0, D).Select(j => Enumerable.Range(0, Count).Sum(i => weights[i] * points[i * D + j]) / all), pooled.Mean, new TestSupport.Within(1e-12));
    }

    [Fact]
    public void OneGroupIsTheOrdinaryWeightedCovariance()
    {
        double[] points = [0, 0, 1, 0, 0, 2, 3, 1];
        var covariance = WeightedCovariance.Compute(points, 2, [1.0, 2, 3, 1]);
        // The weighted means by hand: x̄ = (1·2 + 3·1)/7 = 5/7, ȳ = (2·3 + 1·1)/7 = 1.
        double mx = 5 / 7.0, my = 1;
        double[] w = [1, 2, 3, 1], x = [0, 1, 0, 3], y = [0, 0, 2, 1];
        double cxx = Enumerable.Range(0, 4).Sum(i => w[i] * (x[i] - mx) * (x[i] - mx)) / 7;
        double cxy = Enumerable.Range(0, 4).Sum(i => w[i] * (x[i] - mx) * (y[i] - my)) / 7;
        double cyy = Enumerable.Range(0, 4).Sum(i => w[i] * (y[i] - my) * (y[i] - my)) / 7;
        Assert.Equal([cxx, cxy, cxy, cyy], covariance.Matrix, new TestSupport.Within(1e-12));
        Assert.Equal(1, covariance.Groups);
        Assert.Equal(4, covariance.Rows);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => WeightedCovariance.Compute([1.0, 2], 2, [0.0]));
        Assert.Throws<ArgumentException>(() => WeightedCovariance.Compute([1.0, 2], 1, [1.0, -1]));
        Assert.Throws<ArgumentException>(() => WeightedCovariance.Compute([1.0, 2], 1, [1.0, 1], [0]));
        Assert.Throws<ArgumentException>(() => WeightedCovariance.Compute([1.0, 2], 1, [1.0, 1], [0, -1]));
    }
}
