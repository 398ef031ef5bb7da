namespace BeliefGeometry.Probing;

/// <summary>
/// A linear probe ŷ = a + xB fitted by weighted least squares (w = prefix probability), or by ridge when
/// <see cref="Penalty"/> &gt; 0 (see <see cref="WeightedLeastSquares"/> for the penalty's scale).
/// scikit-learn style: <see cref="Fit"/>, then <see cref="Predict"/> / <see cref="Score"/>.
/// </summary>
public sealed class WeightedLinearProbe
{
    public WeightedLinearProbe(double penalty = 0, double relativeCutoff = WeightedLeastSquares.DefaultRelativeCutoff, int threads = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(penalty);
        Penalty = penalty;
        RelativeCutoff = relativeCutoff;
        Threads = threads;
    }

    /// <summary>The ridge penalty λ (0 = least squares).</summary>
    public double Penalty { get; }
    public double RelativeCutoff { get; }
    public int Threads { get; }

    /// <summary>The fitted map; null before <see cref="Fit"/>.</summary>
    public LinearCoefficients? Model { get; private set; }

    /// <summary>Fits on <paramref name="rows"/> (all rows when null) of the features, targets and weights.</summary>
    public WeightedLinearProbe Fit(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null) =>
        Fit(SufficientStatistics.Compute(features, targets, weights, rows, Threads));

    /// <summary>Fits from sufficient statistics (e.g. summed over shards).</summary>
    public WeightedLinearProbe Fit(SufficientStatistics stats)
    {
        Model = WeightedLeastSquares.Fit(stats, Penalty, RelativeCutoff);
        return this;
    }

    /// <summary>ŷ for <paramref name="rows"/> (all when null), rows × d.</summary>
    public double[] Predict(FeatureMatrix features, int[]? rows = null) => Fitted.Predict(features, rows);

    /// <summary>Metrics of the predictions on <paramref name="rows"/>; per prefix length when <paramref name="lengths"/> is given.</summary>
    public ProbeScore Score(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        rows ??= Enumerable.Range(0, targets.Rows).ToArray();
        return ProbeMetrics.Score(targets, Predict(features, rows), weights, rows, lengths);
    }

    /// <summary>Metrics from the statistics of the scored rows alone (no pass over the data; no per-length R²).</summary>
    public ProbeScore Score(SufficientStatistics stats) => ProbeMetrics.FromStatistics(Fitted, stats);

    private LinearCoefficients Fitted => Model ?? throw new InvalidOperationException("the probe is not fitted; call Fit first");
}
