namespace BeliefGeometry.Data;

/// <summary>One column of an alias table: keep <see cref="Own"/> when the fraction is below <see cref="Threshold"/>, else take <see cref="Alias"/>.</summary>
internal readonly record struct AliasEntry(ulong Threshold, int Own, int Alias);

/// <summary>
/// Walker's alias method, built by Vose's algorithm: a draw costs one 64-bit random number — its high part
/// (u·m div 2⁶⁴) picks one of m columns, its low part (u·m mod 2⁶⁴, about 64 − log₂ m bits) decides between
/// the column's own outcome and its alias. Only outcomes of positive weight get columns, so an outcome of
/// weight 0 can never be drawn, whatever the rounding.
/// </summary>
internal static class AliasTable
{
    /// <summary>Columns for the positive <paramref name="weights"/>; column outcomes are <paramref name="labels"/>[k].</summary>
    public static AliasEntry[] Build(ReadOnlySpan<double> weights, ReadOnlySpan<int> labels, string what)
    {
        double total = 0;
        int m = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            double w = weights[k];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"{what}: weight {k} is {w}; weights must be finite and non-negative", nameof(weights));
            if (w > 0) { total += w; m++; }
        }
        if (m == 0)
            throw new ArgumentException($"{what}: all weights are zero", nameof(weights));

        var scaled = new double[m];
        var label = new int[m];
        for (int k = 0, c = 0; k < weights.Length; k++)
            if (weights[k] > 0) { scaled[c] = weights[k] / total * m; label[c] = labels[k]; c++; }

        var entries = new AliasEntry[m];
        var small = new int[m];
        var large = new int[m];
        int nSmall = 0, nLarge = 0;
        for (int c = 0; c < m; c++)
            if (scaled[c] < 1) small[nSmall++] = c; else large[nLarge++] = c;
        while (nSmall > 0 && nLarge > 0)
        {
            int s = small[--nSmall], l = large[--nLarge];
            entries[s] = new AliasEntry(ToThreshold(scaled[s]), label[s], label[l]);
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) small[nSmall++] = l; else large[nLarge++] = l;
        }
        // What is left is 1 up to rounding: the column keeps its own outcome always.
        while (nLarge > 0) { int l = large[--nLarge]; entries[l] = new AliasEntry(ulong.MaxValue, label[l], label[l]); }
        while (nSmall > 0) { int s = small[--nSmall]; entries[s] = new AliasEntry(ulong.MaxValue, label[s], label[s]); }
        return entries;
    }

    private static ulong ToThreshold(double q) =>
        q <= 0 ? 0 : q >= 1 - 1e-16 ? ulong.MaxValue : (ulong)(q * 18446744073709551616.0);

    /// <summary>Draws from the <paramref name="columns"/> of one table.</summary>
    public static int Draw(ReadOnlySpan<AliasEntry> columns, ulong u)
    {
        ulong column = Math.BigMul(u, (ulong)columns.Length, out ulong fraction);
        var e = columns[(int)column];
        return fraction < e.Threshold ? e.Own : e.Alias;
    }
}
