using BeliefGeometry.Data;

namespace BeliefGeometry.Probing;

/// <summary>
/// Seeded, deterministic row splitters (xoshiro256** Fisher–Yates shuffles): the same seed gives the same
/// split on every run and platform.
/// </summary>
public static class Splitters
{
    /// <summary>The published protocol: a random ⌊fraction·n⌉ rows to fit (default 20%), the rest to score.</summary>
    public static TrainTestSplit TrainTest(int rowCount, double trainFraction = 0.2, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 2);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "train fraction must be in (0, 1)");
        var order = Permutation(rowCount, seed);
        int train = Math.Clamp((int)Math.Round(trainFraction * rowCount), 1, rowCount - 1);
        var a = order[..train];
        var b = order[train..];
        Array.Sort(a);
        Array.Sort(b);
        return new TrainTestSplit(a, b);
    }

    /// <summary>
    /// The split stratified by <paramref name="strata"/> (one label per row, e.g. the prefix length): each stratum is
    /// split on its own, ⌊fraction·count⌉ of its rows (shuffled with a seed of its own) to fit and the rest to score.
    /// With prefix probabilities as weights each length weighs 1 in total, so an unstratified split can put all three
    /// length-1 prefixes of a 3-token process on one side and swing the pooled score.
    /// </summary>
    public static TrainTestSplit TrainTest(ReadOnlySpan<int> strata, double trainFraction = 0.2, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strata.Length, 2);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "train fraction must be in (0, 1)");
        var groups = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < strata.Length; i++)
        {
            if (!groups.TryGetValue(strata[i], out var rows)) groups[strata[i]] = rows = [];
            rows.Add(i);
        }
        var train = new List<int>();
        var test = new List<int>();
        foreach (var (label, rows) in groups)
        {
            var order = Permutation(rows.Count, seed ^ (0x9E3779B97F4A7C15UL * (ulong)(uint)label));
            int take = (int)Math.Round(trainFraction * rows.Count, MidpointRounding.AwayFromZero);
            for (int k = 0; k < rows.Count; k++) (k < take ? train : test).Add(rows[order[k]]);
        }
        if (train.Count == 0 || test.Count == 0) // every stratum too small to split: fall back to one split of all rows
            return TrainTest(strata.Length, trainFraction, seed);
        train.Sort();
        test.Sort();
        return new TrainTestSplit([.. train], [.. test]);
    }

    /// <summary>
    /// k-fold cross-validation of <paramref name="rows"/>: shuffled, then cut into k folds whose sizes differ by at
    /// most one. Fold i is scored by a model fitted on the other k − 1.
    /// </summary>
    public static TrainTestSplit[] KFold(int[] rows, int folds = 5, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (rows.Length < folds) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"more folds than the {rows.Length} rows");
        var order = Permutation(rows.Length, seed);
        var assignment = new int[rows.Length];
        for (int k = 0; k < order.Length; k++) assignment[order[k]] = k % folds;
        var result = new TrainTestSplit[folds];
        for (int f = 0; f < folds; f++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (int k = 0; k < rows.Length; k++) (assignment[k] == f ? test : train).Add(rows[k]);
            result[f] = new TrainTestSplit(train.ToArray(), test.ToArray());
        }
        return result;
    }

    /// <summary>k-fold over all rows 0…n−1.</summary>
    public static TrainTestSplit[] KFold(int rowCount, int folds = 5, ulong seed = 0) =>
        KFold(Enumerable.Range(0, rowCount).ToArray(), folds, seed);

    /// <summary>A uniformly random permutation of 0…n−1 (Fisher–Yates with xoshiro256**).</summary>
    public static int[] Permutation(int n, ulong seed)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var rng = new Xoshiro256StarStar(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
