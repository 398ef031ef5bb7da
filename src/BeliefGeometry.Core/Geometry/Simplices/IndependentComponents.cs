using System.Numerics.Tensors;
using BeliefGeometry.Data;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Independent component analysis of whitened coordinates (symmetric FastICA, Hyvärinen 1999, with g(u) = u³, the
/// kurtosis contrast, which suits bounded, many-peaked belief coordinates better than tanh in our tests): the
/// orthogonal unmixing W maximising the non-Gaussianity of s = Wx, by the fixed-point step
/// w_c ← E[x g(w_c·x)] − E[g′(w_c·x)] w_c for every row, then W ← (WWᵀ)^(−1/2) W, from a seeded random rotation, until no
/// row turns by more than 10⁻⁶ or for <c>maxIterations</c> steps (Gaussian directions, e.g. distractors, never settle: any
/// rotation among them is as good). Independent factors' subspaces then come out separated even when their variances
/// coincide (where principal components mix them), with the components of one factor left mutually dependent, so that
/// grouping them by dependence (<see cref="ComponentGroups"/>) recovers the factors.
/// </summary>
public static class IndependentComponents
{
    /// <summary>W (d × d, row-major, orthogonal) for <paramref name="whitened"/> (n × d, zero mean, identity covariance).</summary>
    public static double[] Fit(double[] whitened, int d, ulong seed, int maxIterations = 1000, int threads = 2)
    {
        int n = whitened.Length / d;
        var rng = new Xoshiro256StarStar(seed);
        var w = Gaussian.OrthonormalRows(d, d, ref rng);
        int parts = Math.Max(1, Math.Min(threads, n / 256));
        var accumulators = new double[parts][];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // Σ_i g(Wx_i) x_iᵀ (d × d) and Σ_i g′(Wx_i) (d), split over threads and added in a fixed order.
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            {
                var sums = accumulators[p] ??= new double[d * d + d];
                Array.Clear(sums);
                var y = new double[d];
                for (int i = p; i < n; i += parts)
                {
                    var x = whitened.AsSpan(i * d, d);
                    for (int c = 0; c < d; c++) y[c] = TensorPrimitives.Dot<double>(w.AsSpan(c * d, d), x);
                    for (int c = 0; c < d; c++)
                    {
                        var row = sums.AsSpan(c * d, d);
                        TensorPrimitives.MultiplyAdd(x, y[c] * y[c] * y[c], row, row);
                        sums[d * d + c] += 3 * y[c] * y[c];
                    }
                }
            });
            var next = Matrix<double>.Build.Dense(d, d, (c, j) => Enumerable.Range(0, parts).Sum(p => accumulators[p][c * d + j]) / n
                - Enumerable.Range(0, parts).Sum(p => accumulators[p][d * d + c]) / n * w[c * d + j]);
            next = SymmetricOrthogonalization(next);
            double turn = 0;
            for (int c = 0; c < d; c++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += next[c, j] * w[c * d + j];
                turn = Math.Max(turn, Math.Abs(1 - Math.Abs(dot)));
            }
            for (int c = 0; c < d; c++)
                for (int j = 0; j < d; j++) w[c * d + j] = next[c, j];
            if (turn < 1e-6) break;
        }
        for (int c = 0; c < d; c++)
        {
            // Sign: each component's largest weight positive, so the result does not depend on the start's signs.
            var row = w.AsSpan(c * d, d);
            if (row[TensorPrimitives.IndexOfMaxMagnitude<double>(row)] < 0) TensorPrimitives.Negate<double>(row, row);
        }
        return w;
    }

    /// <summary>(WWᵀ)^(−1/2) W.</summary>
    private static Matrix<double> SymmetricOrthogonalization(Matrix<double> w)
    {
        var evd = (w * w.Transpose()).Evd(Symmetricity.Symmetric);
        var scale = Vector<double>.Build.Dense(evd.EigenValues.Count, i => 1 / Math.Sqrt(Math.Max(evd.EigenValues[i].Real, 1e-300)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(scale) * evd.EigenVectors.Transpose() * w;
    }
}
