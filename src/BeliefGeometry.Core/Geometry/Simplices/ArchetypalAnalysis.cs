using BeliefGeometry.Data;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Archetypal analysis (Cutler and Breiman 1994): k archetypes Z = BC, each a convex combination of the points, and every
/// point approximated by a convex combination of the archetypes, x_i ≈ α_i Z, minimising Σ_i ‖x_i − α_i Z‖². The
/// archetypes span a simplex inside the points' convex hull whose vertices sit where the points reach furthest.
/// <list type="bullet">
/// <item>conv(points) = conv(its extreme points), so B ranges over the points that are extreme along one of many random
/// directions (and ± each axis): the same optimum with far fewer columns than points.</item>
/// <item>Start: FurthestSum (Mørup and Hansen 2012), each next archetype the candidate furthest in summed distance from
/// those chosen.</item>
/// <item>Then alternate (PCHA, Mørup and Hansen 2012): every α_i by <see cref="SimplexProjection.Nearest"/> from its previous
/// value, then B by projected gradient steps on ½‖X − A·BC‖² (gradient (AᵀA·Z − AᵀX)Cᵀ, step 1/(λ_max(AᵀA)·λ_max(CᵀC))),
/// until the error falls by less than 10⁻⁶ of the total variance (at most 150 rounds).</item>
/// </list>
/// Points are unweighted: draw them in proportion to their weights first.
/// </summary>
public static class ArchetypalAnalysis
{
    /// <summary>
    /// Fits <paramref name="k"/> archetypes to <paramref name="points"/> (n × m row-major, n ≥ k) and returns them with the
    /// fraction of the points' variance they leave unexplained, Σ‖x − αZ‖² / Σ‖x − x̄‖².
    /// </summary>
    public static SimplexFit Fit(ReadOnlySpan<double> points, int m, int k, ulong seed, int maxIterations = 150)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "must be at least 1");
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "an archetypal fit needs at least 2 archetypes");
        int n = points.Length / m;
        if (n < k) throw new ArgumentException($"{n} points cannot hold {k} archetypes", nameof(points));
        var x = points.ToArray();
        double total = TotalVariance(x, m);

        int[] candidates = ExtremePoints(x, m, Math.Max(64, 32 * m * m), seed);
        int c = candidates.Length;
        var cand = new double[c * m];
        for (int r = 0; r < c; r++) Array.Copy(x, candidates[r] * m, cand, r * m, m);
        double candLipschitz = CrossLargestEigenvalue(cand, c, m);

        var b = new double[k * c];
        foreach (var (archetype, index) in FurthestSum(cand, c, m, k).Select((v, i) => (i, v))) b[archetype * c + index] = 1;
        var z = new double[k * m];
        Combine(b, cand, z, k, c, m);

        var alpha = new double[n * k];
        for (int i = 0; i < n; i++) alpha[i * k] = 1;
        double previous = double.PositiveInfinity, error = 0;
        var ata = new double[k * k];
        var atx = new double[k * m];
        var gradZ = new double[k * m];
        var bNext = new double[k * c];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // α-step.
            var (gram, lipschitz) = SimplexProjection.Gram(z, k, m);
            error = 0;
            for (int i = 0; i < n; i++)
                error += SimplexProjection.Nearest(x.AsSpan(i * m, m), z, k, gram, lipschitz, alpha.AsSpan(i * k, k), iterations: 10, tolerance: 1e-9);
            if (previous - error < 1e-6 * total) break;
            previous = error;

            // B-step: a few projected gradient steps with A fixed.
            Array.Clear(ata);
            Array.Clear(atx);
            for (int i = 0; i < n; i++)
                for (int a = 0; a < k; a++)
                {
                    double ai = alpha[i * k + a];
                    if (ai == 0) continue;
                    for (int e = 0; e < k; e++) ata[a * k + e] += ai * alpha[i * k + e];
                    for (int j = 0; j < m; j++) atx[a * m + j] += ai * x[i * m + j];
                }
            double step = 1 / (SimplexProjection.LargestEigenvalue(ata, k) * candLipschitz);
            for (int inner = 0; inner < 25; inner++)
            {
                for (int a = 0; a < k; a++)
                    for (int j = 0; j < m; j++)
                    {
                        double s = -atx[a * m + j];
                        for (int e = 0; e < k; e++) s += ata[a * k + e] * z[e * m + j];
                        gradZ[a * m + j] = s;
                    }
                for (int a = 0; a < k; a++)
                {
                    var row = bNext.AsSpan(a * c, c);
                    for (int r = 0; r < c; r++)
                    {
                        double g = 0;
                        for (int j = 0; j < m; j++) g += gradZ[a * m + j] * cand[r * m + j];
                        row[r] = b[a * c + r] - step * g;
                    }
                    SimplexProjection.Project(row);
                }
                (b, bNext) = (bNext, b);
                Combine(b, cand, z, k, c, m);
            }
        }
        return new SimplexFit(z, k, m, total > 0 ? error / total : 0);
    }

    /// <summary>The fraction of the variance of <paramref name="points"/> that the simplex leaves unexplained, each point replaced by its nearest point of the simplex.</summary>
    public static double UnexplainedVariance(ReadOnlySpan<double> points, SimplexFit fit, double[]? coordinates = null)
    {
        int m = fit.Dimension, k = fit.Vertices;
        int n = points.Length / m;
        var (gram, lipschitz) = SimplexProjection.Gram(fit.VertexCoordinates, k, m);
        double error = 0;
        var alpha = coordinates ?? new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var a = alpha.AsSpan(i * k, k);
            a.Fill(1.0 / k);
            error += SimplexProjection.Nearest(points.Slice(i * m, m), fit.VertexCoordinates, k, gram, lipschitz, a);
        }
        double total = TotalVariance(points, m);
        return total > 0 ? error / total : 0;
    }

    /// <summary>Σ‖x − x̄‖² over the points.</summary>
    public static double TotalVariance(ReadOnlySpan<double> points, int m)
    {
        int n = points.Length / m;
        Span<double> mean = stackalloc double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) mean[j] += points[i * m + j];
        for (int j = 0; j < m; j++) mean[j] /= n;
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) { double d = points[i * m + j] - mean[j]; total += d * d; }
        return total;
    }

    /// <summary>The distinct points that maximise x·u for ± each axis and <paramref name="directions"/> random unit directions u.</summary>
    internal static int[] ExtremePoints(ReadOnlySpan<double> x, int m, int directions, ulong seed)
    {
        int n = x.Length / m;
        var rng = new Xoshiro256StarStar(seed);
        var chosen = new SortedSet<int>();
        Span<double> u = stackalloc double[m];
        for (int d = 0; d < directions + 2 * m; d++)
        {
            if (d < 2 * m) { u.Clear(); u[d / 2] = d % 2 == 0 ? 1 : -1; }
            else for (int j = 0; j < m; j++) u[j] = Gaussian.Next(ref rng);
            int best = 0;
            double bestValue = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += x[i * m + j] * u[j];
                if (s > bestValue) { bestValue = s; best = i; }
            }
            chosen.Add(best);
        }
        return [.. chosen];
    }

    /// <summary>FurthestSum: the candidate furthest from the mean, then repeatedly the one furthest in summed distance from those chosen ; the first choice, which depended only on the mean, is dropped.</summary>
    private static int[] FurthestSum(double[] cand, int c, int m, int k)
    {
        if (c < k) throw new InvalidOperationException($"only {c} extreme points for {k} archetypes");
        var mean = new double[m];
        for (int r = 0; r < c; r++)
            for (int j = 0; j < m; j++) mean[j] += cand[r * m + j] / c;
        int first = ArgMax(r => Distance(cand, r, mean, m));
        var chosen = new List<int> { first };
        var sum = new double[c];
        void Add(int index) { for (int r = 0; r < c; r++) sum[r] += Distance(cand, r, cand.AsSpan(index * m, m), m); }
        Add(first);
        while (chosen.Count < Math.Min(k + 1, c))
        {
            int next = ArgMax(r => chosen.Contains(r) ? double.NegativeInfinity : sum[r]);
            chosen.Add(next);
            Add(next);
        }
        if (chosen.Count == k + 1) chosen.RemoveAt(0); // the seed depended only on the mean
        return [.. chosen.Take(k)];

        int ArgMax(Func<int, double> score)
        {
            int best = 0;
            double bestValue = double.NegativeInfinity;
            for (int r = 0; r < c; r++)
            {
                double s = score(r);
                if (s > bestValue) { bestValue = s; best = r; }
            }
            return best;
        }
    }

    private static double Distance(double[] cand, int r, ReadOnlySpan<double> point, int m)
    {
        double s = 0;
        for (int j = 0; j < m; j++) { double d = cand[r * m + j] - point[j]; s += d * d; }
        return Math.Sqrt(s);
    }

    private static void Combine(double[] b, double[] cand, double[] z, int k, int c, int m)
    {
        Array.Clear(z);
        for (int a = 0; a < k; a++)
            for (int r = 0; r < c; r++)
            {
                double w = b[a * c + r];
                if (w == 0) continue;
                for (int j = 0; j < m; j++) z[a * m + j] += w * cand[r * m + j];
            }
    }

    /// <summary>λ_max(CᵀC) for the c × m candidates.</summary>
    private static double CrossLargestEigenvalue(double[] cand, int c, int m)
    {
        var ctc = new double[m * m];
        for (int r = 0; r < c; r++)
            for (int a = 0; a < m; a++)
                for (int e = 0; e < m; e++) ctc[a * m + e] += cand[r * m + a] * cand[r * m + e];
        return SimplexProjection.LargestEigenvalue(ctc, m);
    }
}
