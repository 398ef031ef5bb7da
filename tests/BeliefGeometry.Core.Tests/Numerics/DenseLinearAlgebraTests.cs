using BeliefGeometry.Numerics;
using BeliefGeometry.Data;

namespace BeliefGeometry.Tests.Numerics;

/// <summary>
/// The blocked matrix product and Cholesky against the textbook triple loops, over shapes that cross every block
/// and tile edge (4-row tiles, 32-column panels, 64-wide blocks) and with leading dimensions wider than the block.
/// </summary>
public class DenseLinearAlgebraTests
{
    private static double[] Random(int count, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = 2 * rng.NextDouble() - 1;
        return v;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 32, 32)]
    [InlineData(5, 33, 31)]
    [InlineData(37, 70, 96)]
    [InlineData(9, 1, 65)]
    public void ProductMatchesTripleLoop(int m, int k, int n)
    {
        int lda = k + 3, ldb = n + 2, ldc = n + 5;
        var a = Random(m * lda, 1);
        var b = Random(k * ldb, 2);
        var c = Random(m * ldc, 3);
        var expected = (double[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * lda + t] * b[t * ldb + j];
                expected[i * ldc + j] += -0.5 * s;
            }
        MatrixProduct.MultiplyAdd(a, lda, b, ldb, c, ldc, m, k, n, -0.5);
        for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);
    }

    [Fact]
    public void ProductRefusesTooShortSpans() =>
        Assert.Throws<ArgumentException>(() => MatrixProduct.MultiplyAdd(new double[5], 3, new double[9], 3, new double[9], 3, 2, 3, 3));

    /// <summary>A = GGᵀ/n + σI: positive definite, condition controlled by σ.</summary>
    private static double[] SymmetricPositiveDefinite(int m, ulong seed)
    {
        var g = Random(m * (m + 3), seed);
        var a = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int t = 0; t < m + 3; t++) s += g[i * (m + 3) + t] * g[j * (m + 3) + t];
                a[i * m + j] = s / (m + 3);
            }
        return a;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(130)]
    public void FactorReproducesTheMatrixAndIsLowerTriangular(int m)
    {
        var a = SymmetricPositiveDefinite(m, (ulong)m);
        const double shift = 0.01;
        var l = new double[m * m];
        Assert.True(Cholesky.Factor(a, m, shift, l));
        for (int i = 0; i < m; i++)
        {
            Assert.True(l[i * m + i] > 0);
            for (int j = i + 1; j < m; j++) Assert.Equal(0.0, l[i * m + j]);
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int t = 0; t < m; t++) s += l[i * m + t] * l[j * m + t];
                Assert.Equal(a[i * m + j] + (i == j ? shift : 0), s, 1e-12);
            }
        }
    }

    [Fact]
    public void FactorReadsOnlyTheLowerTriangle()
    {
        const int m = 60;
        var a = SymmetricPositiveDefinite(m, 5);
        var garbage = (double[])a.Clone();
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++) garbage[i * m + j] = double.NaN;
        var l1 = new double[m * m];
        var l2 = new double[m * m];
        Assert.True(Cholesky.Factor(a, m, 0.1, l1));
        Assert.True(Cholesky.Factor(garbage, m, 0.1, l2));
        Assert.Equal(l1, l2);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(50)]
    [InlineData(100)]
    public void FactorFailsOnAnIndefiniteMatrix(int m)
    {
        var a = SymmetricPositiveDefinite(m, 9);
        a[(m - 1) * m + m - 1] = -1; // the last pivot goes negative
        Assert.False(Cholesky.Factor(a, m, 0, new double[m * m]));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(64, 3)]
    [InlineData(97, 40)]
    [InlineData(200, 33)]
    public void SolveInvertsTheFactoredMatrix(int m, int n)
    {
        var a = SymmetricPositiveDefinite(m, 11);
        const double shift = 0.05;
        var l = new double[m * m];
        Assert.True(Cholesky.Factor(a, m, shift, l));
        var b = Random(m * n, 12);
        var x = (double[])b.Clone();
        Cholesky.Solve(l, m, x, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = shift * x[i * n + j];
                for (int t = 0; t < m; t++) s += a[i * m + t] * x[t * n + j];
                Assert.Equal(b[i * n + j], s, 1e-10);
            }
    }
}
