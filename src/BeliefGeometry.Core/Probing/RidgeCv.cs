namespace BeliefGeometry.Probing;

/// <summary>
/// Ridge with the penalty chosen by k-fold cross-validation from a log grid: for each λ, the pooled CV
/// R² = 1 − Σ_folds Σ_t SSE / Σ_folds Σ_t SST over the held-out folds; the best λ (ties: the larger) is refitted
/// on all the given rows. Each (fold, λ) is fitted as the refit is (<see cref="WeightedLeastSquares"/>: Cholesky, or
/// the pseudo-inverse when ill-conditioned) and scored from the held-out fold's statistics. Fold statistics come
/// from one pass over the data and are summed, so the refit costs no further pass.
/// </summary>
public sealed class RidgeCv
{
    /// <summary>λ = 10⁻⁸, 10⁻⁷, …, 10².</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = Enumerable.Range(-8, 11).Select(e => Math.Pow(10, e)).ToArray();

    public RidgeCv(IReadOnlyList<double>? grid = null, int folds = 5, ulong seed = 0, int threads = 2)
    {
        Grid = grid ?? DefaultGrid;
        if (Grid.Count == 0 || Grid.Any(l => !(l >= 0))) throw new ArgumentException("the grid needs penalties ≥ 0", nameof(grid));
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        Folds = folds;
        Seed = seed;
        Threads = threads;
    }

    public IReadOnlyList<double> Grid { get; }
    public int Folds { get; }
    public ulong Seed { get; }
    public int Threads { get; }

    /// <summary>The chosen λ after <see cref="Fit"/>.</summary>
    public double ChosenPenalty { get; private set; } = double.NaN;

    /// <summary>Pooled CV R² for each λ of the grid (null where the targets do not vary).</summary>
    public IReadOnlyList<double?> CvR2 { get; private set; } = [];

    public LinearCoefficients? Model { get; private set; }

    public RidgeCv Fit(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        rows ??= Enumerable.Range(0, features.Rows).ToArray();
        var folds = Splitters.KFold(rows, Folds, Seed);
        return Fit(folds.Select(f => SufficientStatistics.Compute(features, targets, weights, f.Test, Threads)).ToArray());
    }

    /// <summary>Fits from the statistics of each fold (the folds partition the training rows).</summary>
    public RidgeCv Fit(IReadOnlyList<SufficientStatistics> foldStats)
    {
        var (chosen, r2) = Best(CvSums(foldStats, Grid, Threads), Grid, Enumerable.Range(0, foldStats[0].TargetCount).ToArray());
        ChosenPenalty = chosen;
        CvR2 = r2;
        Model = WeightedLeastSquares.Fit(SufficientStatistics.Sum(foldStats), chosen);
        return this;
    }

    public double[] Predict(FeatureMatrix features, int[]? rows = null) =>
        (Model ?? throw new InvalidOperationException("not fitted; call Fit first")).Predict(features, rows);

    public ProbeScore Score(FeatureMatrix features, TargetMatrix targets, double[] weights, int[]? rows = null, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        rows ??= Enumerable.Range(0, targets.Rows).ToArray();
        return ProbeMetrics.Score(targets, Predict(features, rows), weights, rows, lengths);
    }

    /// <summary>
    /// The best λ of <paramref name="grid"/> for each range of target columns, by one k-fold CV over
    /// <paramref name="foldStats"/> (the folds partition the training rows): one fit per fold and λ serves every
    /// range; each range's pooled CV R² is over its own columns.
    /// </summary>
    public static RidgeChoice[] ChoosePenalties(IReadOnlyList<SufficientStatistics> foldStats, IReadOnlyList<double> grid,
        IReadOnlyList<ColumnRange> targets, int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(foldStats);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(targets);
        var sums = CvSums(foldStats, grid, threads);
        return [.. targets.Select(range =>
        {
            var (penalty, r2) = Best(sums, grid, [.. Enumerable.Range(range.Start, range.Count)]);
            return new RidgeChoice(penalty, r2);
        })];
    }

    /// <summary>Per λ and target column: (Σ_folds SSE, Σ_folds SST). Folds run in parallel, summed in fold order.</summary>
    internal static (double[][] Sse, double[] Sst) CvSums(IReadOnlyList<SufficientStatistics> foldStats, IReadOnlyList<double> grid, int threads = 2)
    {
        int k = foldStats.Count, d = foldStats[0].TargetCount;
        if (k < 2) throw new ArgumentException("cross-validation needs at least two folds", nameof(foldStats));
        var foldSse = new double[k][][];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, f =>
        {
            using var problem = new StandardizedProblem([.. foldStats.Where((_, i) => i != f)]);
            foldSse[f] = problem.HeldOutErrors(grid, [foldStats[f]]);
        });
        var sse = new double[grid.Count][];
        for (int g = 0; g < grid.Count; g++) sse[g] = new double[d];
        var sst = new double[d];
        for (int f = 0; f < k; f++)
        {
            var foldSst = ProbeMetrics.TotalSumOfSquares(foldStats[f]);
            for (int t = 0; t < d; t++) sst[t] += foldSst[t];
            for (int g = 0; g < grid.Count; g++)
                for (int t = 0; t < d; t++) sse[g][t] += foldSse[f][g][t];
        }
        return (sse, sst);
    }

    internal static (double Chosen, double?[] R2) Best((double[][] Sse, double[] Sst) sums, IReadOnlyList<double> grid, int[] targets)
    {
        var r2 = new double?[grid.Count];
        double best = double.NegativeInfinity, chosen = grid[^1];
        for (int g = 0; g < grid.Count; g++)
        {
            double e = 0, s = 0;
            foreach (int t in targets) { e += sums.Sse[g][t]; s += sums.Sst[t]; }
            r2[g] = s > 1e-300 ? 1 - e / s : null;
            double value = r2[g] ?? double.NegativeInfinity;
            if (value >= best) { best = value; chosen = grid[g]; }
        }
        return (chosen, r2);
    }
}
