namespace BeliefGeometry.Probing;

/// <summary>The one place that says which probe a run reports as its best.</summary>
public static class BestProbe
{
    /// <summary>
    /// The belief probe (target <see cref="ProbeTargetSet.BeliefName"/>) of a model's features — not a baseline — with
    /// the highest held-out R²; the first in result order on ties; null when none has an R².
    /// </summary>
    public static ProbeResult? Choose(IEnumerable<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ProbeResult? best = null;
        double bestR2 = double.NegativeInfinity;
        foreach (var result in results)
        {
            if (result.Baseline || result.Target != ProbeTargetSet.BeliefName) continue;
            double r2 = result.HeldOut.R2 ?? double.NegativeInfinity;
            if (r2 > bestR2) { bestR2 = r2; best = result; }
        }
        return best;
    }
}
