namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Barycentric coordinates on a simplex. <see cref="Project"/> is the Euclidean projection onto the probability simplex
/// Δ = {α ≥ 0, Σα = 1} (Duchi et al. 2008: sort, then α_i = max(v_i − θ, 0) with θ the threshold that makes Σα = 1).
/// <see cref="Nearest"/> gives the coordinates of the point of conv(V) nearest to x, α* = argmin_{α∈Δ} ‖x − αV‖², by
/// accelerated projected gradient (FISTA) on ½αGαᵀ − α·c with G = VVᵀ and c = Vx, step 1/λ_max(G).
/// </summary>
public static class SimplexProjection
{
    /// <summary>Projects <paramref name="v"/> onto Δ in place.</summary>
    public static void Project(Span<double> v)
    {
        int n = v.Length;
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
    public static (double[] Gram, double Lipschitz) Gram(ReadOnlySpan<double> vertices, int k, int m)
    {
        var g = new double[k * k];
        for (int a = 0; a < k; a++)
            for (int b = a; b < k; b++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += vertices[a * m + j] * vertices[b * m + j];
                g[a * k + b] = g[b * k + a] = s;
            }
        return (g, LargestEigenvalue(g, k));
    }

    /// <summary>λ_max of a symmetric positive semi-definite k × k matrix by power iteration, inflated by 1% (a safe step).</summary>
    public static double LargestEigenvalue(ReadOnlySpan<double> matrix, int k)
    {
        Span<double> x = stackalloc double[k], y = stackalloc double[k];
        x.Fill(1 / Math.Sqrt(k));
        double lambda = 0;
        for (int it = 0; it < 100; it++)
        {
            for (int a = 0; a < k; a++)
            {
                double s = 0;
                for (int b = 0; b < k; b++) s += matrix[a * k + b] * x[b];
                y[a] = s;
            }
            double norm = 0;
            for (int a = 0; a < k; a++) norm += y[a] * y[a];
            norm = Math.Sqrt(norm);
            if (norm <= 0) return 1e-300;
            bool settled = Math.Abs(norm - lambda) <= 1e-9 * norm;
            lambda = norm;
            for (int a = 0; a < k; a++) x[a] = y[a] / norm;
            if (settled) break;
        }
        double trace = 0;
        for (int a = 0; a < k; a++) trace += matrix[a * k + a];
        return Math.Min(1.01 * lambda, Math.Max(trace, 1e-300)); // λ_max ≤ trace for a PSD matrix
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

        public Prepared(double[] vertices, int k, int m)
        {
            (_vertices, _k, _m) = (vertices, k, m);
            (_gram, _lipschitz) = Gram(vertices, k, m);
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
                    for (int j = 0; j < m; j++) s += _vertices[a * m + j] * x[j];
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
        double xx = 0;
        for (int j = 0; j < m; j++) xx += x[j] * x[j];
        for (int a = 0; a < k; a++)
        {
            double s = 0;
            for (int j = 0; j < m; j++) s += vertices[a * m + j] * x[j];
            c[a] = s;
        }
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
            double change = 0;
            for (int a = 0; a < k; a++) change += (next[a] - previous[a]) * (next[a] - previous[a]);
            double tNext = 0.5 * (1 + Math.Sqrt(1 + 4 * t * t));
            for (int a = 0; a < k; a++) y[a] = next[a] + (t - 1) / tNext * (next[a] - previous[a]);
            t = tNext;
            next.CopyTo(previous);
            if (change <= tolerance * tolerance) break;
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
