using MathNet.Numerics.Statistics;

namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// An R² over the shuffles of the far-future test: its mean and sample standard deviation, its 5% and 95% quantiles
/// (MathNet's default, R's type 8) and every value in shuffle order (null where the targets did not vary).
/// </summary>
public sealed record ShuffleDistribution(double Mean, double Sd, double Q05, double Q95, IReadOnlyList<double?> Values)
{
    public static ShuffleDistribution Of(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.OfType<double>().Where(double.IsFinite).ToArray();
        var (mean, sd) = SplitSpread.MeanAndSd(values) ?? (double.NaN, double.NaN);
        return new ShuffleDistribution(mean, sd, finite.Length > 0 ? finite.Quantile(0.05) : double.NaN,
            finite.Length > 0 ? finite.Quantile(0.95) : double.NaN, values);
    }

    /// <summary>
    /// The Monte Carlo p-value of <paramref name="observed"/> against the shuffles, (1 + #{R²_s ≥ observed}) / (1 + N)
    /// (Phipson and Smyth 2010: the observed value counts as one draw of the null, so p is never 0); a shuffle
    /// without an R² counts against the observed value. NaN when there is no observed R².
    /// </summary>
    public double PValue(double? observed) =>
        observed is { } r ? (1.0 + Values.Count(v => v is not { } s || s >= r)) / (1 + Values.Count) : double.NaN;
}
