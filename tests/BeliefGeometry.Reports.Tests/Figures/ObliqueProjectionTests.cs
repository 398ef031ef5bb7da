using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

public class ObliqueProjectionTests
{
    [Fact]
    public void TheViewDirectionCollapsesToTheOriginAndTheScreenAxesAreUnits()
    {
        var view = new ObliqueProjection(0.3, 0.5);
        var (u, v) = view.Project(Math.Cos(0.5) * Math.Cos(0.3), Math.Cos(0.5) * Math.Sin(0.3), Math.Sin(0.5));
        Assert.Equal(0, u, 1e-12);
        Assert.Equal(0, v, 1e-12);
        // z is up: it lands straight above the origin, shortened by cos θ.
        var up = view.Project(0, 0, 1);
        Assert.Equal(0, up.U, 1e-12);
        Assert.Equal(Math.Cos(0.5), up.V, 1e-12);
        // x, y and z together keep Σ |projection|² = 2 (the two screen axes are orthonormal).
        double sum = new[] { view.Project(1, 0, 0), view.Project(0, 1, 0), view.Project(0, 0, 1) }.Sum(p => p.U * p.U + p.V * p.V);
        Assert.Equal(2, sum, 1e-12);
    }
}
