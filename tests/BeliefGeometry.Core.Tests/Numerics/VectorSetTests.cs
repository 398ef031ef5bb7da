using BeliefGeometry.Numerics;

namespace BeliefGeometry.Tests.Numerics;

public class VectorSetTests
{
    [Fact]
    public void VectorsWithinToleranceAreOneEvenAcrossACellBoundary()
    {
        var set = new VectorSet(2, 1e-9);
        // 0.5e-9 sits on the boundary between cells 0 and 1 of the 1e-9 grid.
        int a = set.FindOrAdd([0.5e-9 - 1e-15, 0.25], out bool addedA);
        int b = set.FindOrAdd([0.5e-9 + 1e-15, 0.25], out bool addedB);
        Assert.True(addedA);
        Assert.False(addedB);
        Assert.Equal(a, b);
    }

    [Fact]
    public void VectorsFartherApartThanToleranceAreDistinct()
    {
        var set = new VectorSet(3, 1e-9);
        int a = set.FindOrAdd([0.2, 0.3, 0.5], out _);
        int b = set.FindOrAdd([0.2 + 3e-9, 0.3, 0.5 - 3e-9], out bool added);
        Assert.True(added);
        Assert.NotEqual(a, b);
        Assert.Equal(a, set.IndexOf([0.2 + 1e-13, 0.3, 0.5]));
        Assert.Equal(-1, set.IndexOf([0.9, 0.05, 0.05]));
    }

    [Fact]
    public void BatchedAndSingleInsertionAgreeOnManyRandomVectors()
    {
        var random = new Random(3);
        int count = 20_000;
        var data = new double[count * 3];
        for (int i = 0; i < data.Length; i++) data[i] = Math.Round(random.NextDouble(), 3); // many repeats
        var single = new VectorSet(3, 1e-9, capacity: 16);
        var expected = new int[count];
        for (int i = 0; i < count; i++) expected[i] = single.FindOrAdd(data.AsSpan(i * 3, 3), out _);
        var batched = new VectorSet(3, 1e-9, capacity: 16);
        var ids = new int[count];
        batched.FindOrAddMany(data, count, ids, new bool[count]);
        Assert.Equal(expected, ids);
        Assert.True(single.Count < count);
        var distinct = Enumerable.Range(0, count).Select(i => string.Join(",", data.AsSpan(i * 3, 3).ToArray())).Distinct().Count();
        Assert.Equal(distinct, single.Count);
    }

    [Fact]
    public void RecomputedRepresentativesBehaveLikeStoredOnes()
    {
        double[][] rows = [[0.1, 0.9], [0.1, 0.9], [0.4, 0.6]];
        var set = new VectorSet(2, 1e-9, (key, row) => rows[key].CopyTo(row));
        Assert.Equal(0, set.FindOrAdd(rows[0], out _, key: 0));
        Assert.Equal(0, set.FindOrAdd(rows[1], out _, key: 1));
        Assert.Equal(1, set.FindOrAdd(rows[2], out _, key: 2));
        Assert.Equal(2, set.Key(1));
    }
}
