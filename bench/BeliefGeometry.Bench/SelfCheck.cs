using BeliefGeometry.Bench.Baselines;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Bench;

/// <summary>
/// Confirms that the baseline and the Core compute the same thing before they are timed against each
/// other: H(L), h(L) within 1e-9 bits and the same distinct-belief counts, per depth and in total.
/// </summary>
public static class SelfCheck
{
    public const double Tolerance = 1e-9;

    /// <summary>Throws when <see cref="StraightforwardMsp"/> and <see cref="ProcessTheory.Compute"/> disagree; returns a one-line summary.</summary>
    public static string Run(HiddenMarkovProcess process, int depth)
    {
        var baseline = StraightforwardMsp.Compute(process, depth);
        var core = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth));
        var problems = new List<string>();
        double worst = 0;
        for (int l = 0; l <= depth; l++)
        {
            double dH = Math.Abs(baseline.BlockEntropy[l] - core.BlockEntropyBits[l]);
            worst = Math.Max(worst, dH);
            if (!(dH <= Tolerance))
                problems.Add($"H({l}): baseline {baseline.BlockEntropy[l]:R}, core {core.BlockEntropyBits[l]:R}");
            if (l > 0)
            {
                double dh = Math.Abs(baseline.MyopicEntropy[l] - core.MyopicEntropyBits[l - 1]);
                worst = Math.Max(worst, dh);
                if (!(dh <= Tolerance))
                    problems.Add($"h({l}): baseline {baseline.MyopicEntropy[l]:R}, core {core.MyopicEntropyBits[l - 1]:R}");
            }
            if (baseline.DistinctBeliefsAtDepth[l] != core.UniqueBeliefsAtDepth[l])
                problems.Add($"distinct beliefs at depth {l}: baseline {baseline.DistinctBeliefsAtDepth[l]}, core {core.UniqueBeliefsAtDepth[l]}");
        }
        if (baseline.TotalDistinctBeliefs != core.TotalUniqueBeliefs)
            problems.Add($"distinct beliefs in total: baseline {baseline.TotalDistinctBeliefs}, core {core.TotalUniqueBeliefs}");
        if (problems.Count > 0)
            throw new InvalidOperationException($"self check failed for {process.Name} to depth {depth}: " + string.Join("; ", problems));
        return $"self check {process.Name} depth {depth}: H(L), h(L) agree (max |Δ| = {worst:G3} bits); " +
               $"distinct beliefs {core.TotalUniqueBeliefs:N0} in total, {core.UniqueBeliefsAtDepth[depth]:N0} at depth {depth}";
    }
}
