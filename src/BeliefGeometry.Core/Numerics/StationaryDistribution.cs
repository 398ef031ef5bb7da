namespace BeliefGeometry.Numerics;

/// <summary>
/// The stationary distribution π = πP of an irreducible stochastic matrix by Grassmann–Taksar–Heyman (GTH)
/// elimination: states are censored out one by one, using only off-diagonal entries and no subtraction (each
/// diagonal is implied by the row sum), so π is accurate to rounding in every component even for a nearly
/// decomposable chain whose coupling entries are many orders of magnitude below 1 (where solving π(P − I) = 0
/// loses everything to cancellation in 1 − P[i, i]).
/// </summary>
public static class StationaryDistribution
{
    /// <summary>
    /// π over <paramref name="states"/> (an irreducible set, for example the one closed class of a chain), zero
    /// elsewhere. Null when the elimination meets a state with no way back to the others (rates that underflow),
    /// i.e. the chain is reducible as represented in floating point.
    /// </summary>
    public static double[]? Gth(double[,] p, IReadOnlyList<int> states)
    {
        int m = states.Count;
        var a = new double[m, m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                a[i, j] = p[states[i], states[j]];
        // Censor state k: the chain watched on {0…k−1} moves i → j directly or through k (i → k, then k → j
        // with probability P[k, j] / Σ_{l<k} P[k, l]).
        for (int k = m - 1; k > 0; k--)
        {
            double s = 0;
            for (int j = 0; j < k; j++) s += a[k, j];
            if (!(s > 0) || !double.IsFinite(s)) return null;
            for (int i = 0; i < k; i++) a[i, k] /= s;
            for (int i = 0; i < k; i++)
            {
                double aik = a[i, k];
                if (aik == 0) continue;
                for (int j = 0; j < k; j++) a[i, j] += aik * a[k, j];
            }
        }
        // Back substitution: π_k ∝ Σ_{i<k} π_i a[i, k].
        var x = new double[m];
        x[0] = 1;
        double total = 1;
        for (int k = 1; k < m; k++)
        {
            double v = 0;
            for (int i = 0; i < k; i++) v += x[i] * a[i, k];
            x[k] = v;
            total += v;
        }
        if (!double.IsFinite(total)) return null;
        var pi = new double[p.GetLength(0)];
        for (int k = 0; k < m; k++) pi[states[k]] = x[k] / total;
        return pi;
    }
}
