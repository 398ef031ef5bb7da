using BeliefGeometry.Data;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Unsupervised search for belief simplices in activations (docs/design.md section 2.8), on the rows' principal
/// coordinates:
/// <list type="number">
/// <item>Components above the noise floor (the Marchenko–Pastur edge σ²(1 + √(width/rows))² of isotropic noise with σ²
/// the median component variance, doubled), at most <see cref="SimplexSearchOptions.MaxComponents"/>.</item>
/// <item>Rows split at random into training and held-out rows; from each, <see cref="SimplexSearchOptions.SampleRows"/>
/// drawn in proportion to their weights.</item>
/// <item>Components grouped by dependence (<see cref="ComponentGroups"/>): one candidate per group of two or more.</item>
/// <item>The number of vertices from the group's fit-error curve: a k-vertex archetypal simplex in the group's leading
/// k − 1 components for k = 3 … min(|group| + 1, MaxVertices), each beside the same fit on shuffled coordinates (one
/// draw); k where the ratio is smallest (the curve stops two vertices past its best).</item>
/// <item>The chosen simplex's error on held-out rows (the variance share left when each row is replaced by the
/// simplex's nearest point) against <see cref="SimplexSearchOptions.Nulls"/> fits of each null fitted and scored the
/// same way: random directions among the other searched components (uniform after whitening, so that each direction
/// mixes components rather than following the largest), and the candidate's coordinates shuffled independently.
/// Found when the error is below every null draw (p = 1/(Nulls + 1), 0.05 with 19 draws) and at most
/// <see cref="SimplexSearchOptions.MaxNullRatio"/> of each null's mean. Each null draw is then judged by the same rule
/// against the other draws (<see cref="SimplexSearchResult.NullsPassing"/>).</item>
/// </list>
/// </summary>
public static class SimplexSearch
{
    public static SimplexSearchResult Run(PrincipalCoordinates coordinates, SimplexSearchOptions options, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(options);
        int n = coordinates.Rows;
        var (searched, floor) = SignalComponents(coordinates, options.MaxComponents);
        var testRows = Split(n, options.TrainFraction, options.Seed);
        var train = Sample(coordinates, testRows, false, options.SampleRows, searched, options.Seed + 1);
        var test = Sample(coordinates, testRows, true, options.SampleRows, searched, options.Seed + 2);
        var (groups, _) = searched >= 2
            ? ComponentGroups.Find(train, searched, options.MinimumInformation, options.Seed + 3)
            : ([], []);
        var candidates = new List<SimplexCandidate>();
        var nullErrors = new List<(double Error, List<double>[] Others)>();
        var multi = groups.Where(g => g.Length >= 2).ToArray();
        for (int g = 0; g < multi.Length; g++)
        {
            var (candidate, nulls) = Evaluate(coordinates, multi[g], train, test, searched, options, options.Seed + 100 * (ulong)(g + 1));
            candidates.Add(candidate);
            nullErrors.AddRange(nulls);
            progress?.Invoke((g + 1.0) / multi.Length);
        }
        int passing = nullErrors.Count(e => Passes(e.Error, e.Others, options));
        return new SimplexSearchResult(searched, floor, groups, candidates, nullErrors.Count, passing, testRows);
    }

    /// <summary>The components above the noise floor, at most <paramref name="maximum"/> and at most those computed.</summary>
    public static (int Count, double Floor) SignalComponents(PrincipalCoordinates coordinates, int maximum)
    {
        var variances = coordinates.Variances;
        var sorted = variances.OrderBy(v => v).ToArray();
        double median = sorted[sorted.Length / 2];
        double ratio = (double)coordinates.Width / Math.Max(1, coordinates.Rows);
        double floor = 2 * median * Math.Pow(1 + Math.Sqrt(ratio), 2);
        int count = 0;
        while (count < Math.Min(maximum, coordinates.Components) && variances[count] > floor) count++;
        return (count, floor);
    }

    private static (SimplexCandidate, List<(double, List<double>[])>) Evaluate(PrincipalCoordinates coordinates, int[] group,
        double[] train, double[] test, int searched, SimplexSearchOptions options, ulong seed)
    {
        int rows = train.Length / searched;
        // The fit-error curve over k.
        var curve = new List<VertexCount>();
        SimplexFit? best = null;
        int bestM = 0;
        double bestRatio = double.PositiveInfinity;
        for (int m = 2; m <= Math.Min(group.Length, options.MaxVertices - 1); m++)
        {
            var columns = group[..m];
            var x = Columns(train, searched, columns);
            var fit = ArchetypalAnalysis.Fit(x, m, m + 1, seed);
            double shuffled = ArchetypalAnalysis.Fit(Shuffled(x, m, seed + 10), m, m + 1, seed).UnexplainedVariance;
            var point = new VertexCount(m + 1, fit.UnexplainedVariance, shuffled);
            curve.Add(point);
            if (point.Ratio < bestRatio) (bestRatio, best, bestM) = (point.Ratio, fit, m);
            else if (m >= bestM + 2) break; // two more vertices did not help: the curve has turned
        }
        var chosen = group[..bestM];
        var trainX = Columns(train, searched, chosen);
        var testX = Columns(test, searched, chosen);
        double heldOut = ArchetypalAnalysis.UnexplainedVariance(testX, best!);

        var shuffledNulls = new double[options.Nulls];
        var randomNulls = new double[options.Nulls];
        Parallel.For(0, 2 * options.Nulls, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, t =>
        {
            int draw = t % options.Nulls;
            ulong drawSeed = seed + 1000 + (ulong)t;
            double[] a, b;
            if (t < options.Nulls)
            {
                a = Shuffled(trainX, bestM, drawSeed);
                b = Shuffled(testX, bestM, drawSeed + 7919);
            }
            else
            {
                var rng = new Xoshiro256StarStar(drawSeed);
                var directions = RandomDirections(coordinates, searched, chosen, bestM, ref rng);
                a = Project(train, searched, directions, bestM);
                b = Project(test, searched, directions, bestM);
            }
            var fit = ArchetypalAnalysis.Fit(a, bestM, bestM + 1, drawSeed);
            (t < options.Nulls ? shuffledNulls : randomNulls)[draw] = ArchetypalAnalysis.UnexplainedVariance(b, fit);
        });
        var nulls = new[]
        {
            NullComparison.Of(NullComparison.RandomDirections, heldOut, randomNulls),
            NullComparison.Of(NullComparison.ShuffledCoordinates, heldOut, shuffledNulls),
        };
        bool found = Passes(heldOut, [[.. randomNulls], [.. shuffledNulls]], options);

        // Each null draw judged by the same rule against the other draws.
        var judged = new List<(double, List<double>[])>();
        foreach (var (own, other) in new[] { (randomNulls, shuffledNulls), (shuffledNulls, randomNulls) })
            for (int i = 0; i < own.Length; i++)
                judged.Add((own[i], [[.. own.Where((_, j) => j != i)], [.. other]]));

        double share = chosen.Sum(c => coordinates.Variances[c]) / coordinates.TotalVariance;
        var candidate = new SimplexCandidate(group, chosen, best!, VertexActivations(coordinates, chosen, best!), share,
            best!.UnexplainedVariance, heldOut, curve, nulls, found);
        return (candidate, judged);
    }

    /// <summary>
    /// <paramref name="m"/> random directions over the searched components other than <paramref name="own"/> (all of them
    /// when too few remain), orthonormal after whitening (each component divided by its standard deviation), so that each
    /// direction mixes components rather than following the largest.
    /// </summary>
    private static double[] RandomDirections(PrincipalCoordinates coordinates, int searched, int[] own, int m, ref Xoshiro256StarStar rng)
    {
        var pool = Enumerable.Range(0, searched).Where(c => !own.Contains(c)).ToArray();
        if (pool.Length < m) pool = [.. Enumerable.Range(0, searched)];
        var local = Gaussian.OrthonormalRows(m, pool.Length, ref rng);
        var directions = new double[m * searched];
        for (int c = 0; c < m; c++)
            for (int j = 0; j < pool.Length; j++)
                directions[c * searched + pool[j]] = local[c * pool.Length + j] / Math.Sqrt(coordinates.Variances[pool[j]]);
        return directions;
    }

    private static bool Passes(double error, IReadOnlyList<List<double>> nullKinds, SimplexSearchOptions options) =>
        nullKinds.All(nulls => nulls.All(v => v > error) && error <= options.MaxNullRatio * nulls.Average());

    /// <summary>The vertices in activation space: μ + Σ_j v_j·(component j).</summary>
    private static double[][] VertexActivations(PrincipalCoordinates coordinates, int[] components, SimplexFit fit)
    {
        int width = coordinates.Width, m = fit.Dimension;
        var result = new double[fit.Vertices][];
        for (int v = 0; v < fit.Vertices; v++)
        {
            var row = coordinates.Mean.ToArray();
            for (int j = 0; j < m; j++)
            {
                double c = fit.VertexCoordinates[v * m + j];
                var basis = coordinates.Basis.AsSpan(components[j] * width, width);
                for (int e = 0; e < width; e++) row[e] += c * basis[e];
            }
            result[v] = row;
        }
        return result;
    }

    /// <summary>Each row held out with probability 1 − trainFraction (a seeded permutation: exactly that share).</summary>
    public static bool[] Split(int n, double trainFraction, ulong seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new Xoshiro256StarStar(seed);
        Gaussian.Shuffle(order.AsSpan(), ref rng);
        var test = new bool[n];
        int trainCount = (int)Math.Round(trainFraction * n);
        for (int r = trainCount; r < n; r++) test[order[r]] = true;
        return test;
    }

    /// <summary><paramref name="count"/> rows of one split drawn with replacement in proportion to their weights, on the first <paramref name="d"/> components.</summary>
    private static double[] Sample(PrincipalCoordinates coordinates, bool[] testRows, bool heldOut, int count, int d, ulong seed)
    {
        int n = coordinates.Rows;
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = testRows[i] == heldOut ? coordinates.Weights[i] : 0;
        var sampler = new WeightedSampler(weights, seed);
        var result = new double[count * Math.Max(d, 1)];
        for (int t = 0; t < count; t++)
        {
            int i = sampler.Next();
            for (int j = 0; j < d; j++) result[t * d + j] = coordinates.Score(i, j);
        }
        return result;
    }

    private static double[] Columns(double[] x, int d, int[] columns)
    {
        int n = x.Length / d, m = columns.Length;
        var result = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) result[i * m + j] = x[i * d + columns[j]];
        return result;
    }

    private static double[] Shuffled(double[] x, int m, ulong seed)
    {
        int n = x.Length / m;
        var result = (double[])x.Clone();
        var rng = new Xoshiro256StarStar(seed);
        var column = new double[n];
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < n; i++) column[i] = result[i * m + j];
            Gaussian.Shuffle(column.AsSpan(), ref rng);
            for (int i = 0; i < n; i++) result[i * m + j] = column[i];
        }
        return result;
    }

    private static double[] Project(double[] x, int d, double[] directions, int m)
    {
        int n = x.Length / d;
        var result = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < m; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += x[i * d + j] * directions[c * d + j];
                result[i * m + c] = s;
            }
        return result;
    }
}
