using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

/// <summary>Which figure each belief space gets: a simplex (or its corners) only for an HMM.</summary>
public class BeliefFigureKindTests
{
    [Theory]
    [InlineData(BeliefSpace.Simplex, 3, BeliefFigureKind.Simplex)]
    [InlineData(BeliefSpace.Simplex, 2, BeliefFigureKind.SimplexPca)]
    [InlineData(BeliefSpace.Simplex, 5, BeliefFigureKind.SimplexPca)]
    [InlineData(BeliefSpace.Bloch, 3, BeliefFigureKind.BlochDisk)]
    [InlineData(BeliefSpace.Bloch, 4, BeliefFigureKind.BlochBall)]
    [InlineData(BeliefSpace.Bloch, 5, BeliefFigureKind.Pca)]
    [InlineData(BeliefSpace.Generalized, 3, BeliefFigureKind.Pca)]
    [InlineData(BeliefSpace.Generalized, 4, BeliefFigureKind.Pca)]
    public void TheFigureFollowsTheBeliefSpace(BeliefSpace space, int states, BeliefFigureKind kind) =>
        Assert.Equal(kind, BeliefFigure.KindOf(space, states));

    [Fact]
    public void TheProcessesCarryTheirSpaces()
    {
        Assert.Equal(BeliefFigureKind.BlochDisk, BeliefFigure.KindOf(GeneralizedProcesses.BlochWalk().BeliefSpace, 3));
        Assert.Equal(BeliefFigureKind.BlochBall, BeliefFigure.KindOf(GeneralizedProcesses.QuantumRrxor().BeliefSpace, 4));
        Assert.Equal(BeliefFigureKind.Pca, BeliefFigure.KindOf(GeneralizedProcesses.Moon().BeliefSpace, 3));
    }

    [Fact]
    public void AGeneralizedHmmGetsTheThreeDViewOnlyWhenAThirdComponentCarriesVariance()
    {
        // moon's beliefs lie in the plane η·τ = 1 of ℝ³: two components hold all the variance.
        var moon = SampleData.Beliefs(GeneralizedProcesses.Moon(), 8, 0);
        Assert.Equal([PcaView.Pc1Pc2], BeliefPcaFigure.Views(moon.Space, 3, Cumulative(moon)));
        var fanizza = SampleData.Beliefs(GeneralizedProcesses.Fanizza(), 8, 0);
        Assert.Equal([PcaView.Pc1Pc2, PcaView.Oblique], BeliefPcaFigure.Views(fanizza.Space, 4, Cumulative(fanizza)));
        // An HMM keeps its two flat views, whatever the variance.
        var rrxor = SampleData.Beliefs("rrxor", 6, 0);
        Assert.Equal([PcaView.Pc1Pc2, PcaView.Pc1Pc3], BeliefPcaFigure.Views(BeliefSpace.Simplex, 5, Cumulative(rrxor)));
        Assert.Equal([PcaView.Pc1Pc2, PcaView.Oblique], BeliefPcaFigure.Views(BeliefSpace.Generalized, 5, Cumulative(rrxor)));
        Assert.Equal([PcaView.Pc1Pc2], BeliefPcaFigure.Views(BeliefSpace.Simplex, 2, [1.0, 1.0]));
    }

    private static IReadOnlyList<double> Cumulative(BeliefComparison beliefs) =>
        Geometry.PrincipalComponents.Fit(beliefs.Truth, beliefs.StateNames.Count, beliefs.Weights).CumulativeExplainedVariance;
}
