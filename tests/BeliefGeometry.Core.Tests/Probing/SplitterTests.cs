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
    public void StratifiedSplitDividesEveryStratumOnItsOwn()
    {
        // Mess3-like prefix lengths: 3, 9, 27, 81 prefixes of lengths 1…4, interleaved.
        var strata = Enumerable.Range(1, 4).SelectMany(l => Enumerable.Repeat(l, (int)Math.Pow(3, l))).ToArray();
        new Random(5).Shuffle(strata);
        var a = Splitters.TrainTest(strata, 0.2, seed: 7);
        Assert.Equal(a.Train, Splitters.TrainTest(strata, 0.2, seed: 7).Train);
        Assert.NotEqual(a.Train, Splitters.TrainTest(strata, 0.2, seed: 8).Train);
        Assert.Equal(Enumerable.Range(0, strata.Length), a.Train.Concat(a.Test).Order());
        Assert.Equal(a.Train.Order(), a.Train);
        Assert.Equal(a.Test.Order(), a.Test);
        foreach (int length in Enumerable.Range(1, 4))
        {
            int count = (int)Math.Pow(3, length), train = a.Train.Count(r => strata[r] == length);
            Assert.Equal((int)Math.Round(0.2 * count, MidpointRounding.AwayFromZero), train); // 1 of 3, 2 of 9, 5 of 27, 16 of 81
            Assert.Equal(count - train, a.Test.Count(r => strata[r] == length));
        }
        // Strata too small to split on their own (one row each): one split of all the rows instead.
        var singles = Splitters.TrainTest([1, 2, 3, 4, 5], 0.2, seed: 1);
        Assert.Single(singles.Train);
        Assert.Equal(4, singles.Test.Length);
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
