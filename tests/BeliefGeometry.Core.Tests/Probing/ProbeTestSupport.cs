using BeliefGeometry.Data;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Tests.Probing;

internal static class ProbeTestSupport
{
    /// <summary>Random float32 features in [−1, 1), n × p.</summary>
    public static FeatureMatrix RandomFeatures(int n, int p, ulong seed, string name = "x")
    {
        var rng = new Xoshiro256StarStar(seed);
        var values = new float[n * p];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextDouble() - 1);
        return new FeatureMatrix(name, values, p);
    }

    /// <summary>Random positive weights summing to 1.</summary>
    public static double[] RandomWeights(int n, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.05 + rng.NextDouble();
        double sum = w.Sum();
        for (int i = 0; i < n; i++) w[i] /= sum;
        return w;
    }

    /// <summary>y = a + xB computed in float64 from the float32 features.</summary>
    public static TargetMatrix Affine(FeatureMatrix x, double[] b, double[] a)
    {
        int p = x.Columns, d = a.Length;
        var values = new double[x.Rows * d];
        var row = new double[p];
        for (int i = 0; i < x.Rows; i++)
        {
            x.CopyRow(i, row);
            for (int t = 0; t < d; t++)
            {
                double s = a[t];
                for (int j = 0; j < p; j++) s += row[j] * b[j * d + t];
                values[i * d + t] = s;
            }
        }
        return new TargetMatrix("y", values, d);
    }

    /// <summary>AᵀWA of A = [x | 1 | y] by plain loops.</summary>
    public static double[] NaiveGram(FeatureMatrix x, TargetMatrix y, double[] w, int[] rows)
    {
        int p = x.Columns, d = y.Columns, q = p + 1 + d;
        var gram = new double[q * q];
        var a = new double[q];
        var row = new double[p];
        foreach (int i in rows)
        {
            x.CopyRow(i, row);
            row.CopyTo(a, 0);
            a[p] = 1;
            y.Row(i).CopyTo(a.AsSpan(p + 1));
            for (int j = 0; j < q; j++)
                for (int k = 0; k < q; k++) gram[j * q + k] += w[i] * a[j] * a[k];
        }
        return gram;
    }
}
