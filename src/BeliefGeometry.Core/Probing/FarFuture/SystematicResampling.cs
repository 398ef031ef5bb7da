using BeliefGeometry.Data;

namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// Who gives its null-space part to whom in one shuffle of the far-future test (docs/design.md section 2.6): within
/// each stratum (prefix length), systematic resampling (Kitagawa 1996; Carpenter, Clifford and Fearnhead 1999). The
/// stratum's recipients are laid end to end on [0, W) in a random order, each as long as its weight, and so are its
/// donors in an independent random order; with u uniform on [0, W), recipient i takes the donor whose interval holds
/// (start_i + u) mod W.
/// <list type="bullet">
/// <item>Each recipient's donor is drawn with probability exactly w_j / W, whoever the recipient is (its point is
/// uniform on [0, W)), so the shuffled part is independent of the recipient and its weighted distribution is the
/// original's in expectation: E[Σ_{i ← j} w_i] = w_j.</item>
/// <item>Unlike a weighted bootstrap, the weight a donor gives out differs from its own by less than the largest
/// recipient weight in every draw (the recipients' shifted intervals tile [0, W)), so a shuffle keeps the weighted
/// distribution up to one prefix.</item>
/// <item>With equal weights it is a uniformly random permutation of the stratum.</item>
/// </list>
/// A plain permutation would move null parts between prefixes of unequal probability and so change their weighted
/// distribution (a length's 2 heavy prefixes could swap theirs with 2 of its light ones).
/// </summary>
public static class SystematicResampling
{
    /// <summary>
    /// The donor of every row: row i receives from row donors[i], a row of the same stratum. Seeded per stratum as
    /// <see cref="Splitters.TrainTest(ReadOnlySpan{int}, double, ulong)"/> is, so the draw does not depend on the other strata.
    /// </summary>
    public static int[] Donors(ReadOnlySpan<int> strata, ReadOnlySpan<double> weights, ulong seed)
    {
        if (weights.Length != strata.Length) throw new ArgumentException($"{strata.Length} rows need as many weights, got {weights.Length}", nameof(weights));
        var groups = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < strata.Length; i++)
        {
            if (!(weights[i] > 0)) throw new ArgumentException($"weight of row {i} is not positive ({weights[i]})", nameof(weights));
            if (!groups.TryGetValue(strata[i], out var rows)) groups[strata[i]] = rows = [];
            rows.Add(i);
        }
        var donors = new int[strata.Length];
        foreach (var (label, rows) in groups)
        {
            ulong stratumSeed = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(uint)label);
            var recipients = Splitters.Permutation(rows.Count, stratumSeed);
            var order = Splitters.Permutation(rows.Count, stratumSeed + 1);
            var ends = new double[rows.Count]; // where donor order[k]'s interval ends
            double total = 0;
            for (int k = 0; k < rows.Count; k++) ends[k] = total += weights[rows[order[k]]];
            double shift = new Xoshiro256StarStar(stratumSeed + 2).NextDouble() * total, start = 0;
            foreach (int r in recipients)
            {
                double point = start + shift;
                if (point >= total) point -= total;
                int k = Array.BinarySearch(ends, point);
                k = k >= 0 ? k + 1 : ~k; // the first interval ending after the point
                donors[rows[r]] = rows[order[Math.Min(k, rows.Count - 1)]];
                start += weights[rows[r]];
            }
        }
        return donors;
    }
}
