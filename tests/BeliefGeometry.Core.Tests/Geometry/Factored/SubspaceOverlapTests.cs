using BeliefGeometry.Geometry.Factored;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Tests.Geometry.Factored;

/// <summary>The overlap Σσ²/min(a, b) of two subspaces, and its mean and spread for random subspaces against Monte Carlo.</summary>
public class SubspaceOverlapTests
{
    [Fact]
    public void OverlapIsTheMeanSquaredCosineOfThePrincipalAngles()
    {
        // span(e₀, e₁) and span(cos θ e₀ + sin θ e₂, e₃): one angle θ, one right angle.
        double theta = 0.3;
        var first = new Subspace(4, [1, 0, 0, 0, 0, 1, 0, 0], [2.0, 1.0]);
        var second = new Subspace(4, [Math.Cos(theta), 0, Math.Sin(theta), 0, 0, 0, 0, 1], [2.0, 1.0]);
        Assert.Equal([Math.Cos(theta), 0], SubspaceOverlap.Cosines(first, second), new TestSupport.Within(1e-12));
        Assert.Equal(Math.Cos(theta) * Math.Cos(theta) / 2, SubspaceOverlap.Of(first, second), 12);
        Assert.Equal(Math.Cos(theta) * Math.Cos(theta), SubspaceOverlap.Of(first.Leading(1), second.Leading(1)), 12);
        // A subspace inside a larger one: overlap 1.
        Assert.Equal(1, SubspaceOverlap.Of(first.Leading(1), first), 12);
    }

    [Theory]
    [InlineData(1, 1, 16)]
    [InlineData(2, 2, 16)]
    [InlineData(1, 3, 10)]
    [InlineData(2, 2, 64)]
    public void RandomSubspacesOverlapAsTheFormulaSays(int a, int b, int d)
    {
        const int Trials = 4000;
        var random = new Random(a * 1000 + b * 100 + d);
        var normal = new Normal(0, 1, random);
        var samples = new double[Trials];
        for (int t = 0; t < Trials; t++)
            samples[t] = SubspaceOverlap.Of(RandomSubspace(a, d, normal), RandomSubspace(b, d, normal));
        double mean = samples.Average(), sd = Math.Sqrt(samples.Sum(s => (s - mean) * (s - mean)) / (Trials - 1));

        var reference = SubspaceOverlap.Random(a, b, d);
        Assert.Equal((double)Math.Max(a, b) / d, reference.Mean, 12);
        Assert.InRange(mean, reference.Mean - 4 * reference.Sd / Math.Sqrt(Trials), reference.Mean + 4 * reference.Sd / Math.Sqrt(Trials));
        Assert.InRange(sd / reference.Sd, 0.9, 1.1);
    }

    [Fact]
    public void TheWholeSpaceOverlapsEverythingWithoutSpread()
    {
        var reference = SubspaceOverlap.Random(3, 2, 3);
        Assert.Equal(1, reference.Mean, 12);
        Assert.Equal(0, reference.Sd, 12);
    }

    /// <summary>A uniformly random subspace: the Q of the QR decomposition of a Gaussian matrix.</summary>
    private static Subspace RandomSubspace(int rank, int d, Normal normal)
    {
        var q = Matrix<double>.Build.Random(d, rank, normal).QR().Q.SubMatrix(0, d, 0, rank);
        return new Subspace(d, q.Transpose().ToRowMajorArray(), Enumerable.Repeat(1.0, rank).ToArray());
    }
}
