using BeliefGeometry.Probing;

namespace BeliefGeometry.Tests.Probing;

public class SplitterTests
{
    [Fact]
    public void TrainTestSplitIsSeededDisjointAndComplete()
    {
        var a = Splitters.TrainTest(1000, 0.2, seed: 7);
        var b = Splitters.TrainTest(1000, 0.2, seed: 7);
        var c = Splitters.TrainTest(1000, 0.2, seed: 8);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Train, c.Train);
        Assert.Equal(200, a.Train.Length);
        Assert.Equal(800, a.Test.Length);
        Assert.Empty(a.Train.Intersect(a.Test));
        Assert.Equal(Enumerable.Range(0, 1000), a.Train.Concat(a.Test).Order());
        Assert.Equal(a.Train.Order(), a.Train);
        Assert.Equal(300, Splitters.TrainTest(1000, 0.3, seed: 7).Train.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitters.TrainTest(10, 1.0));
    }

    [Fact]
    public void KFoldIsSeededDisjointAndBalanced()
    {
        int[] rows = Enumerable.Range(0, 103).Select(i => 3 * i + 1).ToArray();
        var folds = Splitters.KFold(rows, 5, seed: 3);
        var again = Splitters.KFold(rows, 5, seed: 3);
        Assert.Equal(5, folds.Length);
        for (int f = 0; f < 5; f++)
        {
            Assert.Equal(folds[f].Test, again[f].Test);
            Assert.InRange(folds[f].Test.Length, 20, 21);
            Assert.Empty(folds[f].Train.Intersect(folds[f].Test));
            Assert.Equal(rows, folds[f].Train.Concat(folds[f].Test).Order());
            for (int g = f + 1; g < 5; g++) Assert.Empty(folds[f].Test.Intersect(folds[g].Test));
        }
        Assert.Equal(rows, folds.SelectMany(f => f.Test).Order());
        Assert.NotEqual(folds[0].Test, Splitters.KFold(rows, 5, seed: 4)[0].Test);
    }
}
