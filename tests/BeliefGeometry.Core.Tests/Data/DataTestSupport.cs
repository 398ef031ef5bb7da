using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Data;

internal static class DataTestSupport
{
    /// <summary>Golden mean (p = 0.4) under the similarity transform S = [[1, 1], [1, −1]]: a GHMM with negative entries and the same word probabilities.</summary>
    public static HiddenMarkovProcess GeneralizedGoldenMean()
    {
        var hmm = ProcessCatalog.Parse("golden_mean:p=0.4");
        double[,] s = { { 1, 1 }, { 1, -1 } }, sInv = { { 0.5, 0.5 }, { 0.5, -0.5 } };
        var matrices = new double[2][,];
        for (int x = 0; x < 2; x++) matrices[x] = Multiply(Multiply(sInv, hmm.TokenMatrixArray(x)), s);
        return new HiddenMarkovProcess("similar", ["0", "1"], ["u", "v"], matrices, generalized: true);
    }

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

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int l = 0; l < k; l++) c[i, j] += a[i, l] * b[l, j];
        return c;
    }
}
