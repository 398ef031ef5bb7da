namespace BeliefGeometry.Probing;

/// <summary>
/// The sufficient statistics of one feature set against every target column over each piece of a
/// <see cref="ProbeProtocol"/>: <see cref="Train"/>[i] over train fold i, <see cref="Test"/>[i] over test fold i.
/// Sums of pieces give the statistics of the training rows, of the test rows and of each CV fold.
/// </summary>
public sealed class FoldStatistics
{
    public FoldStatistics(IReadOnlyList<SufficientStatistics> train, IReadOnlyList<SufficientStatistics> test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Count != test.Count || train.Count < 2) throw new ArgumentException("as many train as test folds, at least two, are needed");
        Train = train;
        Test = test;
    }

    public IReadOnlyList<SufficientStatistics> Train { get; }
    public IReadOnlyList<SufficientStatistics> Test { get; }
    public int Folds => Train.Count;

    /// <summary>Every piece's statistics from one sweep of the Gram kernel over the rows.</summary>
    public static FoldStatistics Compute(FeatureMatrix features, ProbeTargetSet targets, double[] weights, ProbeProtocol protocol, int threads = 2) =>
        Compute(features, (ITargetRows)targets, weights, protocol, threads);

    internal static FoldStatistics Compute(FeatureMatrix features, ITargetRows targets, double[] weights, ProbeProtocol protocol, int threads)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        int k = protocol.Folds;
        var pieces = SufficientStatistics.ComputePieces(features, targets, weights, [.. protocol.TrainFolds, .. protocol.TestFolds], threads);
        return new FoldStatistics(pieces[..k], pieces[k..]);
    }

    /// <summary>Features [start, start + count) of every piece (views; no copy).</summary>
    public FoldStatistics SelectFeatures(int start, int count) =>
        new([.. Train.Select(s => s.SelectFeatures(start, count))], [.. Test.Select(s => s.SelectFeatures(start, count))]);

    /// <summary>Statistics of all the training rows.</summary>
    public SufficientStatistics TrainTotal() => SufficientStatistics.Sum(Train);

    /// <summary>Statistics of all the test rows.</summary>
    public SufficientStatistics TestTotal() => SufficientStatistics.Sum(Test);

    /// <summary>Fold i of the k-fold CV over all rows: train fold i ∪ test fold i.</summary>
    public SufficientStatistics CrossValidationFold(int i) => Train[i].Add(Test[i]);
}
