namespace BeliefGeometry.Tests.Data;

internal static class DataTestSupport
{
    /// <summary>Index of a word read as a base-V number (first token most significant).</summary>
    public static int Index(ReadOnlySpan<int> word, int tokens)
    {
        int index = 0;
        foreach (int x in word) index = index * tokens + x;
        return index;
    }

    /// <summary>|count − N p| ≤ 5 σ with σ = √(N p (1 − p)), plus one count of slack for tiny p.</summary>
    public static void AssertWithinFiveSigma(long count, long draws, double p, string what)
    {
        double expected = draws * p, sigma = Math.Sqrt(draws * p * (1 - p));
        Assert.True(Math.Abs(count - expected) <= 5 * sigma + 1,
            $"{what}: {count} draws, expected {expected:F1} ± {sigma:F1}");
    }
}
