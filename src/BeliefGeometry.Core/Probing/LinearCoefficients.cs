using System.Buffers;
using BeliefGeometry.Numerics;

namespace BeliefGeometry.Probing;

/// <summary>
/// A fitted affine map ŷ = a + xB from p features to d targets: <see cref="Coefficients"/> is B (p×d, row-major)
/// and <see cref="Intercept"/> is a. <see cref="Penalty"/> is the ridge λ it was fitted with (0 = least squares);
/// <see cref="PseudoInverse"/> says the normal equations were singular or ill-conditioned and were solved with
/// a pseudo-inverse (directions of relative eigenvalue below the cutoff dropped), <see cref="Rank"/> is the
/// number of directions kept.
/// </summary>
public sealed record LinearCoefficients(int FeatureCount, int TargetCount, double[] Coefficients, double[] Intercept,
    double Penalty, bool PseudoInverse, int Rank)
{
    /// <summary>B_{jt}.</summary>
    public double Coefficient(int feature, int target) => Coefficients[feature * TargetCount + target];

    /// <summary>Predictions for <paramref name="rows"/> (all rows when null): rows × d, row-major; two threads, chunks of 1,024 rows.</summary>
    public double[] Predict(FeatureMatrix features, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        rows ??= Enumerable.Range(0, features.Rows).ToArray();
        var result = new double[rows.Length * TargetCount];
        var predictor = new CombinedPredictor([this]);
        const int Chunk = 1024;
        int chunks = (rows.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            int start = c * Chunk, count = Math.Min(Chunk, rows.Length - start);
            var part = ArrayPool<double>.Shared.Rent(count * TargetCount);
            predictor.Predict(features, rows, start, count, part);
            part.AsSpan(0, count * TargetCount).CopyTo(result.AsSpan(start * TargetCount));
            ArrayPool<double>.Shared.Return(part);
        });
        return result;
    }

    /// <summary>
    /// Σ w (y_t − ŷ_t)² for each target over the rows summarised by <paramref name="stats"/>, without a pass over
    /// the data (see <see cref="SumSquaredErrors(ReadOnlySpan{double}, ReadOnlySpan{double}, SufficientStatistics, int, Span{double})"/>).
    /// </summary>
    public double[] SumSquaredErrors(SufficientStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (stats.FeatureCount != FeatureCount || stats.TargetCount != TargetCount)
            throw new ArgumentException("the statistics do not match the probe's shape", nameof(stats));
        var sse = new double[TargetCount];
        SumSquaredErrors(Coefficients, Intercept, stats, 0, sse);
        return sse;
    }

    /// <summary>
    /// Σ w (y_t − a_t − xᵀb_t)² of the map (B = <paramref name="coefficients"/>, p×d row-major; a = <paramref name="intercept"/>)
    /// against the targets of <paramref name="stats"/> from <paramref name="targetStart"/> on, added into <paramref name="sse"/>
    /// (d values): with x̄, ȳ the rows' weighted means and S their centered cross products,
    /// S_yy − 2 bᵀS_xy + bᵀS_xx b + S_w (ȳ − a − x̄ᵀb)², where bᵀS_xx b = bᵀ(XᵀWX)b − S_w (x̄ᵀb)² and XᵀWX·B is one
    /// <see cref="MatrixProduct"/> straight from the Gram.
    /// </summary>
    internal static void SumSquaredErrors(ReadOnlySpan<double> coefficients, ReadOnlySpan<double> intercept, SufficientStatistics stats,
        int targetStart, Span<double> sse)
    {
        int p = stats.FeatureCount, d = intercept.Length;
        double sw = stats.WeightSum;
        if (!(sw > 0)) return;
        var sb = ArrayPool<double>.Shared.Rent(p * d);
        try
        {
            Array.Clear(sb, 0, p * d);
            MatrixProduct.MultiplyAdd(stats.FeatureCrossBlock, stats.Stride, coefficients, d, sb, d, p, p, d);
            for (int t = 0; t < d; t++)
            {
                int y = targetStart + t;
                double my = stats.TargetSum(y) / sw;
                double syy = stats.TargetCross(y, y) - sw * my * my, rawCross = 0, rawQuadratic = 0, fitted = 0;
                for (int j = 0; j < p; j++)
                {
                    double b = coefficients[j * d + t];
                    rawCross += b * stats.FeatureTargetCross(j, y);
                    rawQuadratic += b * sb[j * d + t];
                    fitted += stats.FeatureSum(j) * b;
                }
                fitted /= sw; // x̄ᵀb
                double crossTerm = rawCross - sw * fitted * my, quadratic = rawQuadratic - sw * fitted * fitted;
                double delta = my - intercept[t] - fitted;
                sse[t] += Math.Max(0, syy - 2 * crossTerm + quadratic + sw * delta * delta);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sb);
        }
    }

    /// <summary>The columns <paramref name="columns"/> of the map (its fit of those targets alone: each target's fit is independent of the others).</summary>
    public LinearCoefficients SelectTargets(ColumnRange columns)
    {
        int p = FeatureCount, d = TargetCount, count = columns.Count;
        if (columns.Start < 0 || count < 0 || columns.End > d) throw new ArgumentOutOfRangeException(nameof(columns), $"{columns} is not within the {d} targets");
        var b = new double[p * count];
        for (int j = 0; j < p; j++)
            for (int t = 0; t < count; t++) b[j * count + t] = Coefficients[j * d + columns.Start + t];
        return new LinearCoefficients(p, count, b, Intercept.AsSpan(columns.Start, count).ToArray(), Penalty, PseudoInverse, Rank);
    }
}
