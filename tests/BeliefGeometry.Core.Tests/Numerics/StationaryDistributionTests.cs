using BeliefGeometry.Numerics;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Numerics;

/// <summary>GTH elimination against closed forms, including nearly decomposable chains.</summary>
public class StationaryDistributionTests
{
    [Theory]
    [InlineData(0.2, 0.3)]
    [InlineData(1e-17, 3e-17)]
    [InlineData(1e-300, 3e-300)]
    [InlineData(2e-320, 6e-320)]
    public void TwoStateChainIsBOverAPlusB(double a, double b)
    {
        // P = [[1−a, a], [b, 1−b]]: π = (b, a)/(a + b), whatever the scale of a and b.
        double[,] p = { { 1 - a, a }, { b, 1 - b } };
        var pi = StationaryDistribution.Gth(p, [0, 1])!;
        Assert.Equal(b / (a + b), pi[0], 14);
        Assert.Equal(a / (a + b), pi[1], 14);
    }

    [Fact]
    public void BirthDeathChainMatchesDetailedBalance()
    {
        // Nearest-neighbour chain with up-rate u and down-rate d: π_k ∝ (u/d)^k, with rates far below 1.
        const int n = 6;
        double u = 1e-30, d = 4e-30;
        var p = new double[n, n];
        for (int k = 0; k < n; k++)
        {
            if (k + 1 < n) p[k, k + 1] = u;
            if (k > 0) p[k, k - 1] = d;
            p[k, k] = 1 - (k + 1 < n ? u : 0) - (k > 0 ? d : 0);
        }
        var pi = StationaryDistribution.Gth(p, Enumerable.Range(0, n).ToArray())!;
        double total = Enumerable.Range(0, n).Sum(k => Math.Pow(u / d, k));
        for (int k = 0; k < n; k++) Assert.Equal(Math.Pow(u / d, k) / total, pi[k], 14);
    }

    [Fact]
    public void TransientStatesGetZero()
    {
        // State 0 leaks into the closed class {1, 2}, which alternates: π = (0, ½, ½).
        var process = new HiddenMarkovProcess("leak", ["x"], ["T", "A", "B"],
            [new double[,] { { 0.5, 0.5, 0 }, { 0, 0, 1 }, { 0, 1, 0 } }]);
        Assert.Equal([0, 0.5, 0.5], process.Stationary.ToArray());
    }
}
