using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

public class BarycentricTests
{
    [Theory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(1, 1.0, 0.0)]
    [InlineData(2, 0.5, 0.8660254037844386)]
    public void PureStatesAreTheVertices(int state, double x, double y)
    {
        var belief = new double[3];
        belief[state] = 1;
        var point = Barycentric.ToCartesian(belief);
        Assert.Equal(x, point.X, 12);
        Assert.Equal(y, point.Y, 12);
        Assert.Equal(Barycentric.Vertex(state), point);
    }

    [Fact]
    public void UniformBeliefIsTheCentroid()
    {
        var (x, y) = Barycentric.ToCartesian([1 / 3.0, 1 / 3.0, 1 / 3.0]);
        Assert.Equal(0.5, x, 12);
        Assert.Equal(Math.Sqrt(3) / 6, y, 12);
    }

    [Fact]
    public void VerticesFormAnEquilateralTriangle()
    {
        double Distance(int a, int b)
        {
            var (ax, ay) = Barycentric.Vertex(a);
            var (bx, by) = Barycentric.Vertex(b);
            return Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
        }
        Assert.Equal(1, Distance(0, 1), 12);
        Assert.Equal(1, Distance(1, 2), 12);
        Assert.Equal(1, Distance(2, 0), 12);
    }

    [Fact]
    public void PredictionsOffTheSimplexLandOffTheTriangle()
    {
        var (_, y) = Barycentric.ToCartesian([0.6, 0.5, -0.1]);
        Assert.True(y < 0);
    }

    [Fact]
    public void WrongWidthNamesTheArgument() =>
        Assert.Equal("belief", Assert.Throws<ArgumentException>(() => Barycentric.ToCartesian([0.5, 0.5])).ParamName);
}
