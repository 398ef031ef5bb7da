using BeliefGeometry.Geometry;

namespace BeliefGeometry.Tests.Geometry;

public class PrincipalComponentsTests
{
    [Fact]
    public void PointsOnALineHaveOneComponent()
    {
        // x = t·(1, 2, 2)/3 + (1, 1, 1) for t = −2…2: all variance on the line's direction.
        var points = new List<double>();
        for (int t = -2; t <= 2; t++) points.AddRange([1 + t / 3.0, 1 + 2 * t / 3.0, 1 + 2 * t / 3.0]);

        var pca = PrincipalComponents.Fit(points.ToArray(), 3);

        Assert.Equal(1, pca.ExplainedVarianceRatio[0], 12);
        Assert.Equal(0, pca.ExplainedVarianceRatio[1], 12);
        Assert.Equal(1, pca.CumulativeExplainedVariance[2], 12);
        Assert.Equal(2, pca.Variances[0], 12); // mean of t² over −2…2
        Assert.Equal([1 / 3.0, 2 / 3.0, 2 / 3.0], pca.Component(0).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal([1.0, 1.0, 1.0], pca.Mean.ToArray(), new ToleranceComparer(1e-12));
        var projected = pca.Project(points.ToArray(), 1);
        Assert.Equal([-2.0, -1, 0, 1, 2], projected, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void KnownCovarianceGivesItsEigenvectors()
    {
        // ±(a, a) and ±(b, −b): covariance [[(a² + b²)/2, (a² − b²)/2], [same, (a² + b²)/2]] = [[2.5, 1.5], [1.5, 2.5]]
        // has eigenvalues a² = 4 (along (1, 1)/√2) and b² = 1 (along (1, −1)/√2).
        double a = 2, b = 1;
        double[] points = [a, a, -a, -a, b, -b, -b, b];
        var pca = PrincipalComponents.Fit(points, 2);

        Assert.Equal(a * a, pca.Variances[0], 12);
        Assert.Equal(b * b, pca.Variances[1], 12);
        Assert.Equal(0.8, pca.ExplainedVarianceRatio[0], 12);
        double r = 1 / Math.Sqrt(2);
        Assert.Equal([r, r], pca.Component(0).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal([r, -r], pca.Component(1).ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void IntegerWeightsActLikeRepeatedPoints()
    {
        double[] points = [0, 0, 1, 0, 0, 2, 3, 1];
        var weighted = PrincipalComponents.Fit(points, 2, [1.0, 2, 3, 1]);
        var repeated = PrincipalComponents.Fit([0, 0, 1, 0, 1, 0, 0, 2, 0, 2, 0, 2, 3, 1], 2);
        Assert.Equal(repeated.Variances.ToArray(), weighted.Variances.ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(repeated.Mean.ToArray(), weighted.Mean.ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(repeated.Component(0).ToArray(), weighted.Component(0).ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void FloatPointsMatchDoublePoints()
    {
        float[] f = [1, 2, 3, 5, 4, 4, 0, 1, 2, 2];
        var pf = PrincipalComponents.Fit(f, 2);
        var pd = PrincipalComponents.Fit(f.Select(x => (double)x).ToArray(), 2);
        Assert.Equal(pd.Variances.ToArray(), pf.Variances.ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void IdenticalPointsHaveZeroRatios()
    {
        var pca = PrincipalComponents.Fit([1.0, 2, 1, 2], 2);
        Assert.All(pca.ExplainedVarianceRatio, r => Assert.Equal(0, r));
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit([1.0, 2, 3], 2)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit([1.0, 2], 1, [1.0])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit([1.0, 2], 1, [0.0, 0])).ParamName);
        var pca = PrincipalComponents.Fit([1.0, 2, 3, 5], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => pca.Project([1.0, 2], 3));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
