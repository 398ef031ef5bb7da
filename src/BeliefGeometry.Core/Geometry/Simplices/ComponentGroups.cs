namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Groups components by statistical dependence, so that each group is a candidate subspace for one belief
/// simplex. The coordinates of one simplex are uncorrelated along principal axes yet dependent (the simplex bounds them
/// jointly), while independent factors (a product process) give independent coordinates. Dependence of components i and
/// j: the mutual information of their coordinates binned into <see cref="Bins"/> equal-count bins,
/// I = Σ p_ab ln(p_ab / (p_a p_b)) nats less its bias under independence (B − 1)²/2n (Miller–Madow), an edge when it
/// exceeds both every one of <see cref="Permutations"/> values with
/// one coordinate permuted (independence), <paramref name="minimumInformation"/>, and a quarter of the stronger of the two
/// components' strongest dependence (so that a component weakly mixed with a factor does not chain onto it); groups are
/// the connected components.
/// </summary>
public static class ComponentGroups
{
    public const int Bins = 8;
    public const int Permutations = 19;

    /// <summary>An edge needs at least this share of the stronger endpoint's strongest dependence.</summary>
    public const double RelativeStrength = 0.25;

    /// <summary>
    /// The groups of the <paramref name="d"/> columns of <paramref name="sample"/> (rows × d, unweighted, e.g. drawn in
    /// proportion to the rows' weights), each in increasing column order, ordered by their first column; and the
    /// information matrix (d × d, nats).
    /// </summary>
    public static (int[][] Groups, double[] Information) Find(ReadOnlySpan<double> sample, int d, double minimumInformation, ulong seed)
    {
        // Distinct rows only: a row drawn twice looks dependent on itself, while a permuted column does not.
        sample = Distinct(sample, d);
        int n = sample.Length / d;
        var bins = new int[d][];
        for (int j = 0; j < d; j++) bins[j] = BinIndices(sample, d, j, n);
        var information = new double[d * d];
        var parent = Enumerable.Range(0, d).ToArray();
        var rng = new Data.Xoshiro256StarStar(seed);
        var permuted = new int[n];
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
                information[i * d + j] = information[j * d + i] = MutualInformation(bins[i], bins[j]);
        var strongest = Enumerable.Range(0, d).Select(i => Enumerable.Range(0, d).Where(j => j != i).Select(j => information[i * d + j]).DefaultIfEmpty(0).Max()).ToArray();
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
            {
                double mi = information[i * d + j];
                if (mi <= minimumInformation || mi < RelativeStrength * Math.Max(strongest[i], strongest[j])) continue;
                double nullMax = 0;
                bins[j].CopyTo(permuted, 0);
                for (int p = 0; p < Permutations; p++)
                {
                    Gaussian.Shuffle(permuted.AsSpan(), ref rng);
                    nullMax = Math.Max(nullMax, MutualInformation(bins[i], permuted));
                }
                if (mi > nullMax) Union(i, j);
            }
        var groups = Enumerable.Range(0, d).GroupBy(Find).Select(g => g.OrderBy(c => c).ToArray()).OrderBy(g => g[0]).ToArray();
        return (groups, information);

        int Find(int c) => parent[c] == c ? c : parent[c] = Find(parent[c]);
        void Union(int a, int b) => parent[Find(a)] = Find(b);
    }

    /// <summary>The rows of <paramref name="sample"/> without exact repeats, in first-seen order.</summary>
    private static double[] Distinct(ReadOnlySpan<double> sample, int d)
    {
        int n = sample.Length / d;
        var seen = new HashSet<string>();
        var rows = new List<double>(sample.Length);
        for (int i = 0; i < n; i++)
        {
            var row = sample.Slice(i * d, d);
            if (seen.Add(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row)))) rows.AddRange(row);
        }
        return [.. rows];
    }

    /// <summary>Equal-count bins of column <paramref name="j"/> (ties broken by row order, so discrete values still fill every bin).</summary>
    private static int[] BinIndices(ReadOnlySpan<double> sample, int d, int j, int n)
    {
        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++) { order[i] = i; keys[i] = sample[i * d + j]; }
        Array.Sort(keys, order);
        var bins = new int[n];
        for (int r = 0; r < n; r++) bins[order[r]] = (int)((long)r * Bins / n);
        return bins;
    }

    private static double MutualInformation(int[] a, int[] b)
    {
        Span<int> joint = stackalloc int[Bins * Bins];
        Span<int> ma = stackalloc int[Bins], mb = stackalloc int[Bins];
        for (int i = 0; i < a.Length; i++) { joint[a[i] * Bins + b[i]]++; ma[a[i]]++; mb[b[i]]++; }
        double n = a.Length, mi = 0;
        for (int x = 0; x < Bins; x++)
            for (int y = 0; y < Bins; y++)
            {
                int c = joint[x * Bins + y];
                if (c > 0) mi += c / n * Math.Log(c * n / ((double)ma[x] * mb[y]));
            }
        return Math.Max(0, mi - (Bins - 1) * (Bins - 1) / (2 * n));
    }
}
