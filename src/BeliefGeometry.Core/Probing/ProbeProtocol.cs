namespace BeliefGeometry.Probing;

/// <summary>
/// The rows of a probe analysis: one seeded train/test split (<see cref="ProbeSettings.TrainFraction"/> to fit,
/// the rest to score; stratified by prefix length in <see cref="Prober"/>), the training rows cut into k folds (the ridge-penalty CV) and the test rows cut into k folds.
/// Fold i of the k-fold CV over all prefixes is train fold i ∪ test fold i, so the statistics of the 2k pieces
/// give every fit and every score.
/// </summary>
public sealed record ProbeProtocol(TrainTestSplit Split, IReadOnlyList<int[]> TrainFolds, IReadOnlyList<int[]> TestFolds)
{
    /// <summary>
    /// Split with seed s — stratified by <paramref name="lengths"/> (each prefix length split on its own) when they are
    /// given — train folds with s + 1, test folds with s + 2 (<see cref="Splitters"/>).
    /// </summary>
    public static ProbeProtocol Create(int rowCount, ProbeSettings settings, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (lengths is not null && lengths.Length != rowCount)
            throw new ArgumentException($"{rowCount} rows need as many lengths, got {lengths.Length}", nameof(lengths));
        var split = lengths is null
            ? Splitters.TrainTest(rowCount, settings.TrainFraction, settings.Seed)
            : Splitters.TrainTest(lengths, settings.TrainFraction, settings.Seed);
        return new ProbeProtocol(split,
            [.. Splitters.KFold(split.Train, settings.Folds, settings.Seed + 1).Select(f => f.Test)],
            [.. Splitters.KFold(split.Test, settings.Folds, settings.Seed + 2).Select(f => f.Test)]);
    }

    public int Folds => TrainFolds.Count;
}
