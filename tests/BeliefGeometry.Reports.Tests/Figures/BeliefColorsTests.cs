using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

public class BeliefColorsTests
{
    [Fact]
    public void PureStatesArePurePrimaries()
    {
        Assert.Equal(((byte)255, (byte)0, (byte)0), BeliefColors.ToRgb([1, 0, 0]));
        Assert.Equal(((byte)0, (byte)255, (byte)0), BeliefColors.ToRgb([0, 1, 0]));
        Assert.Equal(((byte)0, (byte)0, (byte)255), BeliefColors.ToRgb([0, 0, 1]));
    }

    [Fact]
    public void MixturesMixChannels() =>
        Assert.Equal(((byte)128, (byte)64, (byte)64), BeliefColors.ToRgb([0.5, 0.25, 0.25]));

    [Fact]
    public void OutOfRangePredictionsAreClampedForColourOnly() =>
        Assert.Equal(((byte)255, (byte)0, (byte)26), BeliefColors.ToRgb([1.1, -0.2, 0.1]));

    [Fact]
    public void AlphaIsCarried()
    {
        var color = BeliefColors.ToColor([0, 1, 0], 0.5);
        Assert.Equal(0, color.R);
        Assert.Equal(255, color.G);
        Assert.Equal(128, color.A);
    }
}
