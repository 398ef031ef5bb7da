namespace BeliefGeometry.Tests.Geometry.Simplices;

/// <summary>Draws and measures for the simplex tests, written without the library's code (System.Random, plain loops).</summary>
internal static class SimplexTestData
{
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Dirichlet(1) weights over k vertices (normalized exponentials): uniform in the simplex.</summary>
    public static double[] Dirichlet(Random random, int k)
    {
        var e = new double[k];
        for (int a = 0; a < k; a++) e[a] = -Math.Log(1 - random.NextDouble());
        double sum = e.Sum();
        for (int a = 0; a < k; a++) e[a] /= sum;
        return e;
    }

    /// <summary>The regular simplex of edge 1 with k = 3 (in ℝ²) or k = 4 (in ℝ³) vertices, centred on the origin (k × (k − 1)).</summary>
    public static double[] RegularSimplex(int k)
    {
        double h = Math.Sqrt(3) / 2;
        double[] v = k switch
        {
            3 => [0, 0, 1, 0, 0.5, h],
            4 => [0, 0, 0, 1, 0, 0, 0.5, h, 0, 0.5, h / 3, Math.Sqrt(2.0 / 3)],
            _ => throw new ArgumentOutOfRangeException(nameof(k)),
        };
        int m = k - 1;
        for (int j = 0; j < m; j++)
        {
            double mean = Enumerable.Range(0, k).Average(a => v[a * m + j]);
            for (int a = 0; a < k; a++) v[a * m + j] -= mean;
        }
        return v;
    }

    /// <summary>n points uniform in the simplex <paramref name="vertices"/> (k × m) plus isotropic Gaussian noise of sd <paramref name="noise"/>.</summary>
    public static double[] Fill(double[] vertices, int k, int n, double noise, Random random)
    {
        int m = vertices.Length / k;
        var x = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            var alpha = Dirichlet(random, k);
            for (int j = 0; j < m; j++)
            {
                double s = noise * Normal(random);
                for (int a = 0; a < k; a++) s += alpha[a] * vertices[a * m + j];
                x[i * m + j] = s;
            }
        }
        return x;
    }

    public static double Distance(double[] a, int ia, double[] b, int ib, int width)
    {
        double s = 0;
        for (int j = 0; j < width; j++)
        {
            double d = a[ia * width + j] - b[ib * width + j];
            s += d * d;
        }
        return Math.Sqrt(s);
    }

    /// <summary>The mean distance between two vertices of <paramref name="vertices"/> (k × width).</summary>
    public static double MeanEdge(double[] vertices, int k, int width)
    {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++) { sum += Distance(vertices, a, vertices, b, width); count++; }
        return sum / count;
    }

    /// <summary>Every permutation of 0 … k − 1.</summary>
    public static IEnumerable<int[]> Permutations(int k)
    {
        if (k == 0) { yield return []; yield break; }
        foreach (var p in Permutations(k - 1))
            for (int i = 0; i < k; i++)
            {
                var list = p.ToList();
                list.Insert(i, k - 1);
                yield return [.. list];
            }
    }

    /// <summary>
    /// The largest vertex distance under the best one-to-one assignment of <paramref name="found"/> to <paramref name="truth"/>
    /// (both k × width), the assignment minimizing that largest distance (all k! tried), and the assignment (truth → found).
    /// </summary>
    public static (double Worst, int[] Assignment) MatchVertices(double[] found, double[] truth, int k, int width)
    {
        double best = double.PositiveInfinity;
        int[] assignment = [];
        foreach (var p in Permutations(k))
        {
            double worst = 0;
            for (int v = 0; v < k; v++) worst = Math.Max(worst, Distance(found, p[v], truth, v, width));
            if (worst < best) (best, assignment) = (worst, p);
        }
        return (best, assignment);
    }
}
