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
/// <item>Then alternate (Cutler and Breiman's alternating least squares): every α_i by
/// <see cref="SimplexProjection.Nearest"/> from its previous value; then the archetypes' least-squares positions
/// Z* = (AᵀA)⁻¹AᵀX, each moved to its nearest point of the hull (weights b ∈ Δ over the candidates, by FISTA); until
/// the error falls by less than 10⁻⁵ of the total variance or rises (the best archetypes are kept; at most 150
/// rounds).</item>
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
        // Centred: the objective does not change, and the hull steps are well conditioned wherever the points sit.
        var x = points.ToArray();
        var centre = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) centre[j] += x[i * m + j] / n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) x[i * m + j] -= centre[j];
        double total = TotalVariance(x, m);

        int[] candidates = ExtremePoints(x, m, Math.Max(64, 32 * m * m), seed);
        int c = candidates.Length;
        var cand = new double[c * m];
        for (int r = 0; r < c; r++) Array.Copy(x, candidates[r] * m, cand, r * m, m);
        var b = new double[k * c];
        foreach (var (archetype, index) in FurthestSum(cand, c, m, k).Select((v, i) => (i, v))) b[archetype * c + index] = 1;
        var z = new double[k * m];
        Combine(b, cand, z, k, c, m);

        var alpha = new double[n * k];
        for (int i = 0; i < n; i++) alpha[i * k] = 1;
        double best = double.PositiveInfinity;
        var bestZ = (double[])z.Clone();
        var ata = new double[k * k];
        var atx = new double[k * m];
        double candLipschitz = CrossLargestEigenvalue(cand, c, m);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // α-step: every point's nearest point of the simplex, from its previous coordinates.
            var simplex = new SimplexProjection.Prepared(z, k, m);
            double error = 0;
            for (int i = 0; i < n; i++)
                error += simplex.Nearest(x.AsSpan(i * m, m), alpha.AsSpan(i * k, k), iterations: 10, tolerance: 1e-9);
            if (error < best)
            {
                bool settled = best - error < 1e-5 * total;
                best = error;
                Array.Copy(z, bestZ, z.Length);
                if (settled) break;
            }
            else break;

            // Z-step: least squares Z* = (AᵀA)⁻¹AᵀX, then each archetype moved to its nearest point of the hull (b ∈ Δ).
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
            var target = LeastSquares(ata, atx, z, k, m);
            for (int a = 0; a < k; a++)
                HullPoint(target.AsSpan(a * m, m), cand, c, m, candLipschitz, b.AsSpan(a * c, c));
            Combine(b, cand, z, k, c, m);
        }
        for (int a = 0; a < k; a++)
            for (int j = 0; j < m; j++) bestZ[a * m + j] += centre[j];
        return new SimplexFit(bestZ, k, m, total > 0 ? best / total : 0);
    }

    /// <summary>The fraction of the variance of <paramref name="points"/> that the simplex leaves unexplained, each point replaced by its nearest point of the simplex.</summary>
    public static double UnexplainedVariance(ReadOnlySpan<double> points, SimplexFit fit, double[]? coordinates = null)
    {
        int m = fit.Dimension, k = fit.Vertices;
        int n = points.Length / m;
        var simplex = new SimplexProjection.Prepared(fit.VertexCoordinates, k, m);
        double error = 0;
        var alpha = coordinates ?? new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var a = alpha.AsSpan(i * k, k);
            a.Fill(1.0 / k);
            error += simplex.Nearest(points.Slice(i * m, m), a);
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

    /// <summary>
    /// Z* = (AᵀA)⁻¹AᵀX by Gaussian elimination with partial pivoting on AᵀA + 10⁻¹²·tr·I; an archetype no point uses (a
    /// zero pivot) keeps its previous position <paramref name="current"/>.
    /// </summary>
    private static double[] LeastSquares(double[] ata, double[] atx, double[] current, int k, int m)
    {
        var a = (double[])ata.Clone();
        var rhs = (double[])atx.Clone();
        double trace = 0;
        for (int i = 0; i < k; i++) trace += a[i * k + i];
        for (int i = 0; i < k; i++) a[i * k + i] += 1e-12 * Math.Max(trace, 1e-300);
        var used = new bool[k];
        for (int i = 0; i < k; i++) used[i] = ata[i * k + i] > 1e-9 * Math.Max(trace, 1e-300);
        for (int col = 0; col < k; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < k; r++) if (Math.Abs(a[r * k + col]) > Math.Abs(a[pivot * k + col])) pivot = r;
            if (pivot != col)
            {
                for (int j = 0; j < k; j++) (a[col * k + j], a[pivot * k + j]) = (a[pivot * k + j], a[col * k + j]);
                for (int j = 0; j < m; j++) (rhs[col * m + j], rhs[pivot * m + j]) = (rhs[pivot * m + j], rhs[col * m + j]);
            }
            double p = a[col * k + col];
            if (Math.Abs(p) < 1e-300) continue;
            for (int r = col + 1; r < k; r++)
            {
                double f = a[r * k + col] / p;
                if (f == 0) continue;
                for (int j = col; j < k; j++) a[r * k + j] -= f * a[col * k + j];
                for (int j = 0; j < m; j++) rhs[r * m + j] -= f * rhs[col * m + j];
            }
        }
        var z = new double[k * m];
        for (int row = k - 1; row >= 0; row--)
            for (int j = 0; j < m; j++)
            {
                double v = rhs[row * m + j];
                for (int e = row + 1; e < k; e++) v -= a[row * k + e] * z[e * m + j];
                z[row * m + j] = Math.Abs(a[row * k + row]) < 1e-300 ? 0 : v / a[row * k + row];
            }
        for (int i = 0; i < k; i++)
            if (!used[i]) Array.Copy(current, i * m, z, i * m, m);
        return z;
    }

    /// <summary>
    /// The convex weights b ∈ Δ of the candidates' point nearest to <paramref name="target"/>, min ‖bC − z‖², by FISTA
    /// from the current <paramref name="b"/> (gradient C(bC − z)ᵀ, step 1/λ_max(CᵀC)).
    /// </summary>
    private static void HullPoint(ReadOnlySpan<double> target, double[] cand, int c, int m, double lipschitz, Span<double> b)
    {
        var y = b.ToArray();
        var previous = b.ToArray();
        var next = new double[c];
        var point = new double[m];
        double t = 1, step = 1 / lipschitz;
        for (int it = 0; it < 200; it++)
        {
            Array.Clear(point);
            for (int r = 0; r < c; r++)
            {
                double w = y[r];
                if (w == 0) continue;
                for (int j = 0; j < m; j++) point[j] += w * cand[r * m + j];
            }
            for (int j = 0; j < m; j++) point[j] -= target[j];
            for (int r = 0; r < c; r++)
            {
                double g = 0;
                for (int j = 0; j < m; j++) g += cand[r * m + j] * point[j];
                next[r] = y[r] - step * g;
            }
            SimplexProjection.Project(next);
            double change = 0;
            for (int r = 0; r < c; r++) change += (next[r] - previous[r]) * (next[r] - previous[r]);
            double tNext = 0.5 * (1 + Math.Sqrt(1 + 4 * t * t));
            for (int r = 0; r < c; r++) y[r] = next[r] + (t - 1) / tNext * (next[r] - previous[r]);
            t = tNext;
            Array.Copy(next, previous, c);
            if (change < 1e-18) break;
        }
        previous.CopyTo(b);
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
