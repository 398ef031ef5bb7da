using BeliefGeometry.Data;

namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// Partitions of a <see cref="PrefixSet"/> for covariances pooled within groups (<see cref="WeightedCovariance"/>): a
/// group id per prefix, 0, 1, … in order of first appearance.
/// </summary>
public static class PrefixGroups
{
    /// <summary>
    /// One group per prefix length. A causal model's activation carries its position; pooling within lengths keeps a
    /// position code out of the variance, and leaves the beliefs' own variance as it is when their mean does not change
    /// with the length (E[η_L] = π T^L = π from the stationary start).
    /// </summary>
    public static int[] ByLength(PrefixSet prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var groups = new int[prefixes.Count];
        for (int i = 0; i < groups.Length; i++) groups[i] = prefixes.Length(i) - prefixes.MinLength;
        return groups;
    }

    /// <summary>
    /// For factor <paramref name="factor"/> of a product, the prefixes that share their length and the token sequences of
    /// every other factor: within a group only that factor's tokens differ, so the others are frozen. A joint token's
    /// index is row-major in the factors (the last varies fastest: x = Σ_j x_j Π_{i&gt;j} V_i); with factor k's coordinate
    /// set to 0 it names the other factors' tokens, and a prefix's group is its parent's group and that name.
    /// </summary>
    public static int[] OthersFrozen(PrefixSet prefixes, int factor)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var factors = prefixes.Process.Factors ?? throw new ArgumentException($"{prefixes.Process.Name} is not a product of factors", nameof(prefixes));
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(factor, factors.Count);
        int stride = 1;
        for (int j = factors.Count - 1; j > factor; j--) stride *= factors[j].TokenCount;
        int tokens = factors[factor].TokenCount;

        var ids = new Dictionary<(int Parent, int Others), int>();
        var groups = new int[prefixes.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            var prefix = prefixes.Prefix(i);
            int parent = prefixes.Parent(i);
            // The shortest prefixes have no parent: the empty prefix (with BOS) is a group of its own, one token is keyed by it alone.
            (int, int) key = prefix.Length == 0 ? (-2, 0)
                : (parent < 0 ? -1 : groups[parent], prefix[^1] - prefix[^1] / stride % tokens * stride);
            if (!ids.TryGetValue(key, out int id)) ids[key] = id = ids.Count;
            groups[i] = id;
        }
        return groups;
    }
}
