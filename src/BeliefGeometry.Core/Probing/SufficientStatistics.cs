using System.Numerics.Tensors;

namespace BeliefGeometry.Probing;

/// <summary>
/// Sufficient statistics of a weighted linear regression over a set of rows: S_w = Σw, Σw x, Σw y, XᵀWX, XᵀWY
/// and YᵀWY (its diagonal is Σw y²), held as the Gram G = AᵀWA of the augmented rows A = [x | 1 | y].
/// They add across shards (rows split between files, machines or folds): stats(R₁ ∪ R₂) = stats(R₁) + stats(R₂),
/// exactly up to floating-point rounding. The statistics of a contiguous range of features or targets are a
/// sub-block of the Gram: <see cref="SelectFeatures"/> and <see cref="SelectTargets"/> return a view into the same
/// array (no copy), so a hook block's statistics are read straight from the concatenation's.
/// </summary>
public sealed class SufficientStatistics
{
    private readonly double[] _gram; // stride × stride, order [x | 1 | y] of the statistics it was computed as
    private readonly int _stride, _featureStart, _one, _targetStart;

    private SufficientStatistics(int featureCount, int targetCount, double[] gram)
        : this(featureCount, targetCount, gram, featureCount + 1 + targetCount, 0, featureCount, featureCount + 1) { }

    private SufficientStatistics(int featureCount, int targetCount, double[] gram, int stride, int featureStart, int one, int targetStart)
    {
        FeatureCount = featureCount;
        TargetCount = targetCount;
        _gram = gram;
        _stride = stride;
        _featureStart = featureStart;
        _one = one;
        _targetStart = targetStart;
    }

    public int FeatureCount { get; }
    public int TargetCount { get; }
    private int Q => FeatureCount + 1 + TargetCount;

    /// <summary>True when the statistics fill the top-left Q × Q corner of their array in the order [x | 1 | y] (not a view of a sub-block).</summary>
    private bool IsWhole => _featureStart == 0 && _one == FeatureCount && _targetStart == FeatureCount + 1;

    /// <summary>True when the statistics are the whole array, Q × Q (no padding, not a view).</summary>
    private bool IsDense => IsWhole && _stride == Q;

    /// <summary>True when both are whole with the same padding, so that their arrays add element by element.</summary>
    private bool SameLayout(SufficientStatistics other) => IsWhole && other.IsWhole && _stride == other._stride && _gram.Length == other._gram.Length;

    /// <summary>S_w = Σ w.</summary>
    public double WeightSum => _gram[_one * _stride + _one];

    /// <summary>Σ w x_j.</summary>
    public double FeatureSum(int j) => _gram[_one * _stride + _featureStart + j];

    /// <summary>Σ w y_t.</summary>
    public double TargetSum(int t) => _gram[_one * _stride + _targetStart + t];

    /// <summary>(XᵀWX)_{jk} = Σ w x_j x_k.</summary>
    public double FeatureCross(int j, int k) => _gram[(_featureStart + j) * _stride + _featureStart + k];

    /// <summary>(XᵀWY)_{jt} = Σ w x_j y_t.</summary>
    public double FeatureTargetCross(int j, int t) => _gram[(_featureStart + j) * _stride + _targetStart + t];

    /// <summary>(YᵀWY)_{st} = Σ w y_s y_t; the diagonal is Σ w y_t².</summary>
    public double TargetCross(int s, int t) => _gram[(_targetStart + s) * _stride + _targetStart + t];

    /// <summary>Row j of XᵀWX (FeatureCount values, contiguous in the Gram).</summary>
    internal ReadOnlySpan<double> FeatureCrossRow(int j) => _gram.AsSpan((_featureStart + j) * _stride + _featureStart, FeatureCount);

    /// <summary>XᵀWX in place: element (j, k) is at [j·<see cref="Stride"/> + k].</summary>
    internal ReadOnlySpan<double> FeatureCrossBlock => _gram.AsSpan(_featureStart * _stride + _featureStart);

    /// <summary>Distance between consecutive rows of the underlying Gram.</summary>
    internal int Stride => _stride;

    /// <summary>Σ w x (FeatureCount values, contiguous in the Gram).</summary>
    internal ReadOnlySpan<double> FeatureSums => _gram.AsSpan(_one * _stride + _featureStart, FeatureCount);

    /// <summary>The augmented Gram AᵀWA, (p + 1 + d)², row-major, order [x | 1 | y] (a copy when this is a view).</summary>
    public ReadOnlySpan<double> Gram => IsDense ? _gram : Dense()._gram;

    /// <summary>
    /// Accumulates the statistics of <paramref name="rows"/> (all rows when null) with the vectorised Gram kernel
    /// on <paramref name="threads"/> threads.
    /// </summary>
    public static SufficientStatistics Compute(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null, int threads = 2) =>
        Compute(features, (ITargetRows)targets, weights, rows, threads);

    /// <summary>The statistics of the features against every column of a probe's targets (<see cref="ProbeTargetSet.Columns"/>).</summary>
    public static SufficientStatistics Compute(FeatureMatrix features, ProbeTargetSet targets, double[] weights, int[]? rows = null, int threads = 2) =>
        Compute(features, (ITargetRows)targets, weights, rows, threads);

    internal static SufficientStatistics Compute(FeatureMatrix features, ITargetRows targets, double[] weights, int[]? rows, int threads)
    {
        CheckRows(features, targets, weights);
        rows ??= Enumerable.Range(0, features.Rows).ToArray();
        CheckRowIndices(rows, features.Rows, nameof(rows));
        return new SufficientStatistics(features.Columns, targets.Columns, GramKernel.Compute(features, targets, weights, rows, threads));
    }

    /// <summary>
    /// The statistics of each of several disjoint sets of rows (e.g. the pieces of a <see cref="ProbeProtocol"/>), from
    /// one sweep over the rows per thread (<see cref="GramKernel.ComputeSets"/>).
    /// </summary>
    internal static SufficientStatistics[] ComputePieces(FeatureMatrix features, ITargetRows targets, double[] weights, IReadOnlyList<int[]> pieces, int threads)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        CheckRows(features, targets, weights);
        foreach (var rows in pieces) CheckRowIndices(rows, features.Rows, nameof(pieces));
        int p = features.Columns, d = targets.Columns;
        var (grams, stride) = GramKernel.ComputeSets(features, targets, weights, pieces, threads);
        return [.. grams.Select(g => new SufficientStatistics(p, d, g, stride, 0, p, p + 1))];
    }

    /// <summary>Features, targets and weights must describe the same rows.</summary>
    private static void CheckRows(FeatureMatrix features, ITargetRows targets, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        if (targets.Rows != features.Rows)
            throw new ArgumentException($"targets have {targets.Rows} rows, features {features.Rows}", nameof(targets));
        if (weights.Length != features.Rows)
            throw new ArgumentException($"weights have {weights.Length} entries, features {features.Rows} rows", nameof(weights));
    }

    private static void CheckRowIndices(int[] rows, int count, string name)
    {
        foreach (int r in rows)
            if ((uint)r >= (uint)count) throw new ArgumentOutOfRangeException(name, $"row {r} is not in 0…{count - 1}");
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
        if (SameLayout(other))
        {
            var sum = (double[])_gram.Clone();
            TensorPrimitives.Add(sum, other._gram, sum);
            return new SufficientStatistics(FeatureCount, TargetCount, sum, _stride, 0, FeatureCount, FeatureCount + 1);
        }
        var gram = Dense()._gram;
        var second = other.Dense()._gram;
        for (int i = 0; i < gram.Length; i++) gram[i] += second[i];
        return new SufficientStatistics(FeatureCount, TargetCount, gram);
    }

    /// <summary>this += other, for a dense array of this instance's own.</summary>
    private void AddInPlace(SufficientStatistics other)
    {
        if (other.FeatureCount != FeatureCount || other.TargetCount != TargetCount)
            throw new ArgumentException($"shapes differ: {FeatureCount}+{TargetCount} and {other.FeatureCount}+{other.TargetCount}", nameof(other));
        var second = SameLayout(other) ? other._gram : other.Dense()._gram; // this is dense unless both share a layout
        TensorPrimitives.Add(_gram, second, _gram);
    }

    /// <summary>The sum over shards (at least one).</summary>
    public static SufficientStatistics Sum(IEnumerable<SufficientStatistics> shards)
    {
        SufficientStatistics? total = null;
        bool owned = false; // total is a new array of ours, to add into
        foreach (var s in shards)
        {
            if (total is null) total = s;
            else if (!owned || !(total.IsDense || total.SameLayout(s))) { total = total.Add(s); owned = true; }
            else total.AddInPlace(s);
        }
        return total ?? throw new ArgumentException("no statistics to add", nameof(shards));
    }

    /// <summary>The statistics for a subset of the features and targets (a copy of a sub-block of the Gram; no pass over data).</summary>
    public SufficientStatistics Select(ReadOnlySpan<int> features, ReadOnlySpan<int> targets)
    {
        var map = new int[features.Length + 1 + targets.Length];
        for (int j = 0; j < features.Length; j++) map[j] = _featureStart + CheckIndex(features[j], FeatureCount);
        map[features.Length] = _one;
        for (int t = 0; t < targets.Length; t++) map[features.Length + 1 + t] = _targetStart + CheckIndex(targets[t], TargetCount);
        int q = map.Length;
        var gram = new double[q * q];
        for (int i = 0; i < q; i++)
            for (int j = 0; j < q; j++) gram[i * q + j] = _gram[map[i] * _stride + map[j]];
        return new SufficientStatistics(features.Length, targets.Length, gram);
    }

    /// <summary>Features [start, start + count) and all targets: a view into the same Gram (no copy).</summary>
    public SufficientStatistics SelectFeatures(int start, int count)
    {
        CheckRange(start, count, FeatureCount);
        return new SufficientStatistics(count, TargetCount, _gram, _stride, _featureStart + start, _one, _targetStart);
    }

    /// <summary>All features and targets [start, start + count): a view into the same Gram (no copy).</summary>
    public SufficientStatistics SelectTargets(int start, int count)
    {
        CheckRange(start, count, TargetCount);
        return new SufficientStatistics(FeatureCount, count, _gram, _stride, _featureStart, _one, _targetStart + start);
    }

    /// <summary>All features and the targets of <paramref name="columns"/> (a view).</summary>
    public SufficientStatistics SelectTargets(ColumnRange columns) => SelectTargets(columns.Start, columns.Count);

    /// <summary>A dense copy in the order [x | 1 | y].</summary>
    private SufficientStatistics Dense()
    {
        int q = Q;
        var gram = new double[q * q];
        for (int i = 0; i < q; i++)
        {
            int a = Position(i);
            for (int j = 0; j < q; j++) gram[i * q + j] = _gram[a * _stride + Position(j)];
        }
        return new SufficientStatistics(FeatureCount, TargetCount, gram);
    }

    /// <summary>Where index i of the order [x | 1 | y] is in the underlying Gram.</summary>
    private int Position(int i) => i < FeatureCount ? _featureStart + i : i == FeatureCount ? _one : _targetStart + i - FeatureCount - 1;

    private static void CheckRange(int start, int count, int total)
    {
        if (start < 0 || count < 0 || start + count > total)
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start + count}) is not within 0…{total}");
    }

    private static int CheckIndex(int index, int count) =>
        (uint)index < (uint)count ? index : throw new ArgumentOutOfRangeException(nameof(index), $"{index} is not in 0…{count - 1}");
}
