namespace BeliefGeometry.Probing;

/// <summary>
/// Sufficient statistics of a weighted linear regression over a set of rows: S_w = Σw, Σw x, Σw y, XᵀWX, XᵀWY
/// and YᵀWY (its diagonal is Σw y²), held as the Gram G = AᵀWA of the augmented rows A = [x | 1 | y].
/// They add across shards (rows split between files, machines or folds): stats(R₁ ∪ R₂) = stats(R₁) + stats(R₂),
/// exactly up to floating-point rounding. The statistics of a subset of features or targets are a sub-block.
/// </summary>
public sealed class SufficientStatistics
{
    private readonly double[] _gram; // q×q, q = p + 1 + d, order [x | 1 | y]

    private SufficientStatistics(int featureCount, int targetCount, double[] gram)
    {
        FeatureCount = featureCount;
        TargetCount = targetCount;
        _gram = gram;
    }

    public int FeatureCount { get; }
    public int TargetCount { get; }
    private int Q => FeatureCount + 1 + TargetCount;
    private int One => FeatureCount;

    /// <summary>S_w = Σ w.</summary>
    public double WeightSum => _gram[One * Q + One];

    /// <summary>Σ w x_j.</summary>
    public double FeatureSum(int j) => _gram[One * Q + j];

    /// <summary>Σ w y_t.</summary>
    public double TargetSum(int t) => _gram[One * Q + FeatureCount + 1 + t];

    /// <summary>(XᵀWX)_{jk} = Σ w x_j x_k.</summary>
    public double FeatureCross(int j, int k) => _gram[j * Q + k];

    /// <summary>(XᵀWY)_{jt} = Σ w x_j y_t.</summary>
    public double FeatureTargetCross(int j, int t) => _gram[j * Q + FeatureCount + 1 + t];

    /// <summary>(YᵀWY)_{st} = Σ w y_s y_t; the diagonal is Σ w y_t².</summary>
    public double TargetCross(int s, int t) => _gram[(FeatureCount + 1 + s) * Q + FeatureCount + 1 + t];

    /// <summary>The augmented Gram AᵀWA, (p + 1 + d)², row-major, order [x | 1 | y].</summary>
    public ReadOnlySpan<double> Gram => _gram;

    /// <summary>
    /// Accumulates the statistics of <paramref name="rows"/> (all rows when null) with the vectorised Gram kernel
    /// on <paramref name="threads"/> threads.
    /// </summary>
    public static SufficientStatistics Compute(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null, int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        if (targets.Rows != features.Rows)
            throw new ArgumentException($"targets have {targets.Rows} rows, features {features.Rows}", nameof(targets));
        if (weights.Length != features.Rows)
            throw new ArgumentException($"weights have {weights.Length} entries, features {features.Rows} rows", nameof(weights));
        rows ??= Enumerable.Range(0, features.Rows).ToArray();
        foreach (int r in rows)
            if ((uint)r >= (uint)features.Rows) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} is not in 0…{features.Rows - 1}");
        return new SufficientStatistics(features.Columns, targets.Columns, GramKernel.Compute(features, targets, weights, rows, threads));
    }

    /// <summary>Statistics from a stored augmented Gram (e.g. read back from a shard file).</summary>
    public static SufficientStatistics FromGram(int featureCount, int targetCount, double[] gram)
    {
        ArgumentNullException.ThrowIfNull(gram);
        int q = featureCount + 1 + targetCount;
        if (gram.Length != q * q) throw new ArgumentException($"a Gram of {q}×{q} is needed, got {gram.Length} values", nameof(gram));
        return new SufficientStatistics(featureCount, targetCount, (double[])gram.Clone());
    }

    /// <summary>The statistics of the union of both row sets.</summary>
    public SufficientStatistics Add(SufficientStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.FeatureCount != FeatureCount || other.TargetCount != TargetCount)
            throw new ArgumentException($"shapes differ: {FeatureCount}+{TargetCount} and {other.FeatureCount}+{other.TargetCount}", nameof(other));
        var gram = (double[])_gram.Clone();
        for (int i = 0; i < gram.Length; i++) gram[i] += other._gram[i];
        return new SufficientStatistics(FeatureCount, TargetCount, gram);
    }

    /// <summary>The sum over shards (at least one).</summary>
    public static SufficientStatistics Sum(IEnumerable<SufficientStatistics> shards)
    {
        SufficientStatistics? total = null;
        foreach (var s in shards) total = total is null ? s : total.Add(s);
        return total ?? throw new ArgumentException("no statistics to add", nameof(shards));
    }

    /// <summary>The statistics for a subset of the features and targets (a sub-block of the Gram; no pass over data).</summary>
    public SufficientStatistics Select(ReadOnlySpan<int> features, ReadOnlySpan<int> targets)
    {
        var map = new int[features.Length + 1 + targets.Length];
        for (int j = 0; j < features.Length; j++) map[j] = CheckIndex(features[j], FeatureCount);
        map[features.Length] = One;
        for (int t = 0; t < targets.Length; t++) map[features.Length + 1 + t] = FeatureCount + 1 + CheckIndex(targets[t], TargetCount);
        int q = map.Length, oldQ = Q;
        var gram = new double[q * q];
        for (int i = 0; i < q; i++)
            for (int j = 0; j < q; j++) gram[i * q + j] = _gram[map[i] * oldQ + map[j]];
        return new SufficientStatistics(features.Length, targets.Length, gram);
    }

    /// <summary>Features [start, start + count) and all targets.</summary>
    public SufficientStatistics SelectFeatures(int start, int count) =>
        Select(Enumerable.Range(start, count).ToArray(), Enumerable.Range(0, TargetCount).ToArray());

    /// <summary>All features and targets [start, start + count).</summary>
    public SufficientStatistics SelectTargets(int start, int count) =>
        Select(Enumerable.Range(0, FeatureCount).ToArray(), Enumerable.Range(start, count).ToArray());

    private static int CheckIndex(int index, int count) =>
        (uint)index < (uint)count ? index : throw new ArgumentOutOfRangeException(nameof(index), $"{index} is not in 0…{count - 1}");
}
