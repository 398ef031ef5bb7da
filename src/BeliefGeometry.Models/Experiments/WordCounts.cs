using BeliefGeometry.Processes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// How many words of each length a process can emit, counted without listing them, so that the cost of an
/// experiment's exact data and probe prefixes is known before any work. For an HMM a word has positive probability
/// exactly when some state path emits it, so the count follows the subsets of states a word can end in: from
/// S₀ = supp(π), word·x ends in δ(S, x) = {j : ∃ i ∈ S, T⁽ˣ⁾ᵢⱼ ≠ 0} and exists when that set is not empty, and
/// N_L = Σ_S n_L(S) with n_{L+1}(S′) = Σ_{(S, x) : δ(S, x) = S′} n_L(S). For a generalized HMM the same count is an
/// upper bound.
/// </summary>
public static class WordCounts
{
    private const int MaxSubsets = 4096;

    /// <summary>
    /// N_0 … N_<paramref name="maxLength"/>, each at most <paramref name="cap"/> (once a length reaches it, the later
    /// ones are <paramref name="cap"/> too); null when the process has more than 64 states or too many state subsets.
    /// </summary>
    public static long[]? Count(HiddenMarkovProcess process, int maxLength, long cap)
    {
        ArgumentNullException.ThrowIfNull(process);
        int n = process.StateCount, v = process.TokenCount;
        if (n > 64)
            return null;
        var successors = new ulong[v, n]; // successors[x, i] = {j : T⁽ˣ⁾ᵢⱼ ≠ 0}
        for (int x = 0; x < v; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (process[x, i, j] != 0) successors[x, i] |= 1UL << j;
        ulong start = 0;
        for (int i = 0; i < n; i++)
            if (process.InitialState[i] != 0) start |= 1UL << i;

        var counts = new long[maxLength + 1];
        var level = new Dictionary<ulong, long> { [start] = 1 };
        counts[0] = 1;
        for (int length = 1; length <= maxLength; length++)
        {
            if (counts[length - 1] >= cap)
            {
                Array.Fill(counts, cap, length, maxLength + 1 - length);
                break;
            }
            var next = new Dictionary<ulong, long>();
            foreach (var (set, count) in level)
                for (int x = 0; x < v; x++)
                {
                    ulong reached = 0;
                    for (ulong rest = set; rest != 0; rest &= rest - 1)
                        reached |= successors[x, System.Numerics.BitOperations.TrailingZeroCount(rest)];
                    if (reached != 0)
                        next[reached] = Math.Min(cap, next.GetValueOrDefault(reached) + count);
                }
            if (next.Count > MaxSubsets)
                return null;
            level = next;
            counts[length] = Math.Min(cap, level.Values.Aggregate(0L, (a, b) => Math.Min(cap, a + b)));
        }
        return counts;
    }
}
