namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Barycentric coordinates on a simplex. <see cref="Project"/> is the Euclidean projection onto the probability simplex
/// Δ = {α ≥ 0, Σα = 1} (Duchi et al. 2008: sort, then α_i = max(v_i − θ, 0) with θ the threshold that makes Σα = 1).
/// <see cref="Nearest"/> gives the coordinates of the point of conv(V) nearest to x, α* = argmin_{α∈Δ} ‖x − αV‖², by
/// trying every face for k ≤ 8 (exact), else accelerated projected gradient (FISTA with adaptive restart, O'Donoghue and
/// Candès 2015) on ½αGαᵀ − α·c with the
/// vertices and x centred on the vertices' mean v̄ (G = (V − v̄)(V − v̄)ᵀ, c = (V − v̄)(x − v̄); the same objective on
/// Δ), step 1/λ_max(G), until the gradient step moves α by less than the tolerance.
/// </summary>
public static class SimplexProjection
{
    /// <summary>Projects <paramref name="v"/> onto Δ in place.</summary>
    public static void Project(Span<double> v)
    {
        int n = v.Length;
        if (n == 0) return;
        // Shift by the largest entry first (Δ is invariant under v → v − c·1 only up to θ, which absorbs it), so that
        // entries too large to add 1 to exactly (≥ 2⁵³) still project correctly.
        double top = double.NegativeInfinity;
        foreach (double value in v) top = Math.Max(top, value);
        for (int i = 0; i < n; i++) v[i] -= top;
        Span<double> sorted = n <= 64 ? stackalloc double[n] : new double[n];
        v.CopyTo(sorted);
        sorted.Sort();
        double cumulative = 0, theta = 0;
        for (int j = n - 1, r = 1; j >= 0; j--, r++)
        {
            cumulative += sorted[j];
            double t = (cumulative - 1) / r;
            if (sorted[j] - t <= 0) break;
            theta = t;
        }
        for (int i = 0; i < n; i++) v[i] = Math.Max(v[i] - theta, 0);
    }

    /// <summary>
    /// The simplex's Gram G = VVᵀ (k × k) of <paramref name="vertices"/> (k × m, row-major) and its largest eigenvalue
    /// (an upper bound is enough for the step; the power iteration below gives it within 1%).
    /// </summary>
    public static (double[] Gram, double Lipschitz) Gram(ReadOnlySpan<double> vertices, int k, int m) =>
        CentredGram(Centred(vertices, k, m, out _), k, m);

    /// <summary>G = CCᵀ of vertices already centred, and λ_max(G).</summary>
    private static (double[] Gram, double Lipschitz) CentredGram(double[] centred, int k, int m)
    {
        var g = new double[k * k];
        for (int a = 0; a < k; a++)
            for (int b = a; b < k; b++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += centred[a * m + j] * centred[b * m + j];
                g[a * k + b] = g[b * k + a] = s;
            }
        return (g, LargestEigenvalue(g, k));
    }

    /// <summary>The vertices less their mean v̄ (k × m), and v̄: for α ∈ Δ, ‖x − αV‖ = ‖(x − v̄) − α(V − v̄)‖, and centred the problem is well conditioned wherever the simplex sits.</summary>
    private static double[] Centred(ReadOnlySpan<double> vertices, int k, int m, out double[] mean)
    {
        mean = new double[m];
        for (int a = 0; a < k; a++)
            for (int j = 0; j < m; j++) mean[j] += vertices[a * m + j] / k;
        var centred = vertices[..(k * m)].ToArray();
        for (int a = 0; a < k; a++)
            for (int j = 0; j < m; j++) centred[a * m + j] -= mean[j];
        return centred;
    }

    /// <summary>λ_max of a symmetric positive semi-definite k × k matrix (a symmetric eigendecomposition; k is small), at least 10⁻³⁰⁰.</summary>
    public static double LargestEigenvalue(ReadOnlySpan<double> matrix, int k)
    {
        var values = matrix.ToArray();
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k, (a, b) => 0.5 * (values[a * k + b] + values[b * k + a]));
        double largest = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Max(v => v.Real);
        return Math.Max(largest, 1e-300);
    }

    /// <summary>Up to this many vertices <see cref="Nearest"/> is exact (every face tried); beyond, FISTA.</summary>
    public const int ExactVertices = 8;

    /// <summary>
    /// The exact nearest point for k ≤ <see cref="ExactVertices"/>: it lies in the relative interior of some face S, where
    /// it is the projection onto S's affine hull, so every face's affine projection with all weights ≥ 0 is a candidate
    /// and the closest is the answer (2ᵏ − 1 small KKT solves, in the centred coordinates of <paramref name="c"/>, G).
    /// </summary>
    private static double ExactNearest(ReadOnlySpan<double> x, ReadOnlySpan<double> vertices, ReadOnlySpan<double> mean, ReadOnlySpan<double> c,
        ReadOnlySpan<double> gram, int k, Span<double> alpha)
    {
        int m = x.Length;
        double best = double.PositiveInfinity;
        Span<double> point = stackalloc double[m];
        Span<double> system = stackalloc double[(k + 1) * (k + 2)];
        Span<double> beta = stackalloc double[k + 1];
        Span<int> members = stackalloc int[k];
        for (int subset = 1; subset < 1 << k; subset++)
        {
            int size = 0;
            for (int a = 0; a < k; a++) if ((subset >> a & 1) != 0) members[size++] = a;
            // [G_S 1; 1ᵀ 0] [β; λ] = [c_S; 1], augmented, by Gaussian elimination with partial pivoting.
            int n = size + 1, w = n + 1;
            for (int r = 0; r < n; r++)
                for (int q = 0; q < n; q++)
                    system[r * w + q] = r < size && q < size ? gram[members[r] * k + members[q]] : r == size && q == size ? 0 : 1;
            for (int r = 0; r < n; r++) system[r * w + n] = r < size ? c[members[r]] : 1;
            if (!Solve(system, n, beta)) continue;
            bool feasible = true;
            for (int r = 0; r < size; r++) feasible &= beta[r] >= -1e-12;
            if (!feasible) continue;
            // The distance computed directly (‖x − βV_S‖², centred), not as xx − 2β·c + βGβ, which cancels.
            point.Clear();
            for (int r = 0; r < size; r++)
                for (int j = 0; j < m; j++) point[j] += beta[r] * (vertices[members[r] * m + j] - mean[j]);
            double distance = 0;
            for (int j = 0; j < m; j++) distance += (x[j] - mean[j] - point[j]) * (x[j] - mean[j] - point[j]);
            if (distance < best)
            {
                best = distance;
                alpha.Clear();
                double sum = 0;
                for (int r = 0; r < size; r++) sum += Math.Max(beta[r], 0);
                for (int r = 0; r < size; r++) alpha[members[r]] = Math.Max(beta[r], 0) / sum;
            }
        }
        return Math.Max(0, best);
    }

    /// <summary>Solves the n × (n + 1) augmented system in place into <paramref name="solution"/>; false when it is singular.</summary>
    private static bool Solve(Span<double> system, int n, Span<double> solution)
    {
        int w = n + 1;
        double scale = 0;
        for (int t = 0; t < n * w; t++) scale = Math.Max(scale, Math.Abs(system[t]));
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(system[r * w + col]) > Math.Abs(system[pivot * w + col])) pivot = r;
            if (Math.Abs(system[pivot * w + col]) <= 1e-15 * scale) return false;
            if (pivot != col)
                for (int q = 0; q < w; q++) (system[col * w + q], system[pivot * w + q]) = (system[pivot * w + q], system[col * w + q]);
            for (int r = col + 1; r < n; r++)
            {
                double f = system[r * w + col] / system[col * w + col];
                if (f == 0) continue;
                for (int q = col; q < w; q++) system[r * w + q] -= f * system[col * w + q];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double v = system[r * w + n];
            for (int q = r + 1; q < n; q++) v -= system[r * w + q] * solution[q];
            solution[r] = v / system[r * w + r];
        }
        return true;
    }

    /// <summary>
    /// A simplex prepared for many <see cref="Nearest(ReadOnlySpan{double}, Span{double})"/> queries: its Gram, step, and the
    /// inverse of the KKT matrix [[G, 1], [1ᵀ, 0]] of the projection onto its affine hull (α = argmin ‖x − αV‖² with
    /// Σα = 1). When that projection has α ≥ 0 it is the nearest point of the simplex (Pythagoras: the rest of x is
    /// orthogonal to the hull), which is the case for every row inside; otherwise FISTA from the clipped α.
    /// </summary>
    public sealed class Prepared
    {
        private readonly double[] _vertices, _gram, _kkt;
        private readonly double _lipschitz;
        private readonly int _k, _m;
        private readonly bool _affine;

        private readonly double[] _centred, _mean;

        public Prepared(double[] vertices, int k, int m)
        {
            (_vertices, _k, _m) = (vertices, k, m);
            _centred = Centred(vertices, k, m, out _mean);
            (_gram, _lipschitz) = CentredGram(_centred, k, m);
            var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k + 1, k + 1,
                (a, b) => a < k && b < k ? _gram[a * k + b] : a == k && b == k ? 0 : 1);
            _affine = matrix.ConditionNumber() < 1e12;
            _kkt = _affine ? matrix.Inverse().ToRowMajorArray() : [];
        }

        /// <summary>As <see cref="SimplexProjection.Nearest(ReadOnlySpan{double}, ReadOnlySpan{double}, int, ReadOnlySpan{double}, double, Span{double}, int, double)"/>; <paramref name="alpha"/> is a warm start for the slow path.</summary>
        public double Nearest(ReadOnlySpan<double> x, Span<double> alpha, int iterations = 200, double tolerance = 1e-12)
        {
            int k = _k, m = _m;
            if (_affine)
            {
                Span<double> c = stackalloc double[k + 1];
                for (int a = 0; a < k; a++)
                {
                    double s = 0;
                    for (int j = 0; j < m; j++) s += _centred[a * m + j] * (x[j] - _mean[j]);
                    c[a] = s;
                }
                c[k] = 1;
                bool inside = true;
                Span<double> affine = stackalloc double[k];
                for (int a = 0; a < k; a++)
                {
                    double s = 0;
                    for (int b = 0; b <= k; b++) s += _kkt[a * (k + 1) + b] * c[b];
                    affine[a] = s;
                    inside &= s >= 0;
                }
                if (inside)
                {
                    affine.CopyTo(alpha);
                    double distance = 0;
                    for (int j = 0; j < m; j++)
                    {
                        double p = 0;
                        for (int a = 0; a < k; a++) p += affine[a] * _vertices[a * m + j];
                        distance += (x[j] - p) * (x[j] - p);
                    }
                    return distance;
                }
            }
            return SimplexProjection.Nearest(x, _vertices, k, _gram, _lipschitz, alpha, iterations, tolerance);
        }
    }

    /// <summary>
    /// Overwrites <paramref name="alpha"/> (k, a starting point in Δ or anything to be projected there) with the
    /// coordinates of the point of conv(V) nearest to <paramref name="x"/> and returns ‖x − αV‖².
    /// </summary>
    public static double Nearest(ReadOnlySpan<double> x, ReadOnlySpan<double> vertices, int k, ReadOnlySpan<double> gram,
        double lipschitz, Span<double> alpha, int iterations = 200, double tolerance = 1e-12)
    {
        int m = x.Length;
        Span<double> c = stackalloc double[k], y = stackalloc double[k], previous = stackalloc double[k], next = stackalloc double[k];
        Span<double> mean = stackalloc double[m];
        for (int a = 0; a < k; a++)
            for (int j = 0; j < m; j++) mean[j] += vertices[a * m + j] / k;
        double xx = 0;
        for (int j = 0; j < m; j++) xx += (x[j] - mean[j]) * (x[j] - mean[j]);
        for (int a = 0; a < k; a++)
        {
            double s = 0;
            for (int j = 0; j < m; j++) s += (vertices[a * m + j] - mean[j]) * (x[j] - mean[j]);
            c[a] = s;
        }
        if (k <= ExactVertices) return ExactNearest(x, vertices, mean, c, gram, k, alpha);
        Project(alpha);
        alpha.CopyTo(y);
        alpha.CopyTo(previous);
        double t = 1, step = 1 / lipschitz;
        for (int it = 0; it < iterations; it++)
        {
            for (int a = 0; a < k; a++)
            {
                double gradient = -c[a];
                for (int b = 0; b < k; b++) gradient += gram[a * k + b] * y[b];
                next[a] = y[a] - step * gradient;
            }
            Project(next);
            double moved = 0, turn = 0;
            for (int a = 0; a < k; a++)
            {
                moved += (next[a] - y[a]) * (next[a] - y[a]);
                turn += (y[a] - next[a]) * (next[a] - previous[a]);
            }
            if (moved <= tolerance * tolerance) { next.CopyTo(previous); break; }
            if (turn > 0)
            {
                // The momentum points uphill: restart from the last iterate.
                t = 1;
                next.CopyTo(y);
                next.CopyTo(previous);
                continue;
            }
            double tNext = 0.5 * (1 + Math.Sqrt(1 + 4 * t * t));
            for (int a = 0; a < k; a++) y[a] = next[a] + (t - 1) / tNext * (next[a] - previous[a]);
            t = tNext;
            next.CopyTo(previous);
        }
        previous.CopyTo(alpha);
        double quadratic = 0, linear = 0;
        for (int a = 0; a < k; a++)
        {
            linear += alpha[a] * c[a];
            for (int b = 0; b < k; b++) quadratic += alpha[a] * gram[a * k + b] * alpha[b];
        }
        return Math.Max(0, xx - 2 * linear + quadratic);
    }
}
