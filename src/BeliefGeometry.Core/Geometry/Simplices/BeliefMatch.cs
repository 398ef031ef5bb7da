using System.Text.Json.Serialization;
using BeliefGeometry.Probing;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Scores found simplices against the true beliefs, when they are known: for every simplex s and factor f the best
/// affine map from s's barycentric coordinates to f's belief, fitted by weighted least squares on the training rows and
/// scored (R², pooled over the belief's columns) on the held-out rows; then each factor matched to at most one simplex
/// and each simplex to at most one factor, greedily by R² (the largest first).
/// </summary>
public static class BeliefMatch
{
    /// <summary>The R² of every (simplex, factor) pair, [simplex][factor].</summary>
    public static double[][] Scores(IReadOnlyList<double[]> barycentric, IReadOnlyList<int> vertices, IReadOnlyList<FactorBeliefs> factors,
        double[] weights, bool[] testRows) =>
        [.. barycentric.Select((b, s) => factors.Select(f => Score(b, vertices[s], f, weights, testRows)).ToArray())];

    /// <summary>Pairs (simplex, factor) chosen greedily by R², each simplex and factor at most once.</summary>
    public static IReadOnlyList<(int Simplex, int Factor)> Match(double[][] scores)
    {
        var pairs = new List<(int, int)>();
        var usedS = new HashSet<int>();
        var usedF = new HashSet<int>();
        foreach (var (s, f, _) in scores.SelectMany((row, s) => row.Select((r2, f) => (s, f, r2))).OrderByDescending(t => t.r2))
        {
            if (usedS.Contains(s) || usedF.Contains(f)) continue;
            usedS.Add(s);
            usedF.Add(f);
            pairs.Add((s, f));
        }
        return pairs;
    }

    /// <summary>Held-out R² of the affine map from barycentric coordinates (rows × k; the last is dropped, Σ = 1) to one factor's belief.</summary>
    public static double Score(double[] barycentric, int k, FactorBeliefs factor, double[] weights, bool[] testRows)
    {
        int n = testRows.Length, p = k, q = factor.Columns; // features: 1, α_0 … α_{k−2}
        var xtx = new double[p * p];
        var xty = new double[p * q];
        var feature = new double[p];
        for (int i = 0; i < n; i++)
        {
            if (testRows[i] || weights[i] <= 0) continue;
            Features(i);
            double w = weights[i];
            for (int a = 0; a < p; a++)
            {
                for (int b = 0; b < p; b++) xtx[a * p + b] += w * feature[a] * feature[b];
                for (int t = 0; t < q; t++) xty[a * q + t] += w * feature[a] * factor.Values[i * q + t];
            }
        }
        var coefficients = Matrix<double>.Build.Dense(p, p, (a, b) => xtx[a * p + b])
            .PseudoInverse()
            .Multiply(Matrix<double>.Build.Dense(p, q, (a, t) => xty[a * q + t]));

        var sse = new double[q];
        var mean = new double[q];
        double weightSum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!testRows[i]) continue;
            weightSum += weights[i];
            for (int t = 0; t < q; t++) mean[t] += weights[i] * factor.Values[i * q + t];
        }
        if (weightSum <= 0) return double.NaN;
        for (int t = 0; t < q; t++) mean[t] /= weightSum;
        var sst = new double[q];
        for (int i = 0; i < n; i++)
        {
            if (!testRows[i]) continue;
            Features(i);
            for (int t = 0; t < q; t++)
            {
                double predicted = 0;
                for (int a = 0; a < p; a++) predicted += feature[a] * coefficients[a, t];
                double y = factor.Values[i * q + t];
                sse[t] += weights[i] * (y - predicted) * (y - predicted);
                sst[t] += weights[i] * (y - mean[t]) * (y - mean[t]);
            }
        }
        return ProbeMetrics.FromSums(sse, sst, weightSum).R2 ?? double.NaN;

        void Features(int i)
        {
            feature[0] = 1;
            for (int a = 1; a < p; a++) feature[a] = barycentric[i * k + a - 1];
        }
    }
}

/// <summary>One factor's true belief per row (rows × <see cref="Columns"/>), named as the report names it.</summary>
public sealed record FactorBeliefs([property: JsonPropertyName("name")] string Name, [property: JsonIgnore] double[] Values, [property: JsonPropertyName("columns")] int Columns);
