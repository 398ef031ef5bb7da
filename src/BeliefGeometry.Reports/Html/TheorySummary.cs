using BeliefGeometry.Theory;

namespace BeliefGeometry.Reports.Html;

/// <summary>The process's theory numbers shown in the report (entropies in bits, losses in nats).</summary>
/// <param name="EntropyRateBits">h_μ.</param>
/// <param name="ExcessEntropyBits">E.</param>
/// <param name="StatisticalComplexityBits">C_μ, or null when no finite ε-machine exists (e.g. Mess3).</param>
/// <param name="UniqueBeliefsAtDepth">Distinct beliefs among words of length L = 0…depth.</param>
/// <param name="TotalUniqueBeliefs">Distinct beliefs over all lengths 0…depth.</param>
/// <param name="LossFloorNats">Per-position loss floor of the model's layout, or null.</param>
/// <param name="Notes">Caveats (e.g. where a number is approximate).</param>
/// <param name="BeliefDimensionsAt">The fewest principal directions holding 80, 90, 95 and 99% of the belief variance, or null.</param>
/// <param name="NonErgodic">True for a non-ergodic process, whose C_μ is not reported (rather than infinite).</param>
public sealed record TheorySummary(
    double EntropyRateBits,
    double ExcessEntropyBits,
    double? StatisticalComplexityBits,
    IReadOnlyList<int> UniqueBeliefsAtDepth,
    int? TotalUniqueBeliefs,
    IReadOnlyList<double>? LossFloorNats = null,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyList<int>? BeliefDimensionsAt = null,
    bool NonErgodic = false) : ReportBlock
{
    /// <summary>The numbers of a computed theory report; <paramref name="bos"/> picks the loss floor of a BOS layout.</summary>
    public static TheorySummary From(TheoryReport report, bool bos = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TheorySummary(report.EntropyRateBits, report.ExcessEntropyBits, report.StatisticalComplexityBits,
            report.UniqueBeliefsAtDepth, report.TotalUniqueBeliefs, bos ? report.LossFloorNatsBos : report.LossFloorNats, report.Notes,
            report.BeliefDimensionsAt, report.Components is not null);
    }
}
