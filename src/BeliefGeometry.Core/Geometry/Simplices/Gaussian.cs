using BeliefGeometry.Data;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>Standard normal draws from <see cref="Xoshiro256StarStar"/> (Box–Muller, one of the pair used), and the seeded helpers built on them.</summary>
internal static class Gaussian
{
    public static double Next(ref Xoshiro256StarStar rng)
    {
        double u = 1 - rng.NextDouble(); // (0, 1]
        double v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>A uniformly random integer in [0, <paramref name="n"/>).</summary>
    public static int NextInt(ref Xoshiro256StarStar rng, int n) => (int)(rng.NextDouble() * n) is var i && i < n ? i : n - 1;

    /// <summary>Fisher–Yates shuffle.</summary>
    public static void Shuffle<T>(Span<T> values, ref Xoshiro256StarStar rng)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(ref rng, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><paramref name="count"/> orthonormal random vectors of length <paramref name="dimension"/> (rows; Gram–Schmidt on Gaussian draws, so uniformly distributed).</summary>
    public static double[] OrthonormalRows(int count, int dimension, ref Xoshiro256StarStar rng)
    {
        if (count > dimension) throw new ArgumentOutOfRangeException(nameof(count), count, $"at most {dimension} orthonormal vectors");
        var q = new double[count * dimension];
        for (int r = 0; r < count; r++)
        {
            var row = q.AsSpan(r * dimension, dimension);
            while (true)
            {
                for (int j = 0; j < dimension; j++) row[j] = Next(ref rng);
                for (int p = 0; p < r; p++)
                {
                    var prev = q.AsSpan(p * dimension, dimension);
                    double dot = 0;
                    for (int j = 0; j < dimension; j++) dot += row[j] * prev[j];
                    for (int j = 0; j < dimension; j++) row[j] -= dot * prev[j];
                }
                double norm = 0;
                for (int j = 0; j < dimension; j++) norm += row[j] * row[j];
                norm = Math.Sqrt(norm);
                if (norm < 1e-8) continue;
                for (int j = 0; j < dimension; j++) row[j] /= norm;
                break;
            }
        }
        return q;
    }
}
