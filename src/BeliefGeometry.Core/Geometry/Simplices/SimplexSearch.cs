using BeliefGeometry.Data;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Unsupervised search for belief simplices in activations (docs/design.md section 2.8), on the rows' principal
/// coordinates z (variances λ):
/// <list type="number">
/// <item>Components above the noise floor (the Marchenko–Pastur edge σ²(1 + √(width/rows))² of isotropic noise with σ²
/// the median component variance, doubled), at most <see cref="SimplexSearchOptions.MaxComponents"/>.</item>
/// <item>Rows split at random into training and held-out rows; from each, <see cref="SimplexSearchOptions.SampleRows"/>
/// drawn in proportion to their weights (<see cref="SimplexSearchOptions.IndependentRows"/> training rows for the
/// independent components).</item>
/// <item>Independent components of the whitened coordinates, s = W Λ^(−1/2) z (<see cref="IndependentComponents"/>,
/// fitted on the training rows), grouped by dependence (<see cref="ComponentGroups"/>): one candidate subspace per group
/// of two or more. Within a group, directions ordered by the activation variance they carry (the eigenvectors of
/// P_GᵀP_G, P_G = Λ^(1/2) W_Gᵀ the group's activation patterns).</item>
/// <item>The number of vertices from the group's fit-error curve: a k-vertex archetypal simplex in the group's leading
/// k − 1 directions for k = 3 … min(|group| + 1, MaxVertices), each beside the same fit on shuffled coordinates (one
/// draw), until two k in a row have a ratio above ½; k is the largest with a ratio ≤ <see cref="SimplexRatio"/> (a simplex in
/// more of the group's directions explains more of the factor), else the smallest ratio. While the simplex is found, the
/// next one is sought in the group's following directions (up to <see cref="MaxSimplicesPerGroup"/>): factors whose
/// components stayed dependent, as in a trained model, share a group.</item>
/// <item>The chosen simplex's error on held-out rows (the variance share left when each row is replaced by the
/// simplex's nearest point) against <see cref="SimplexSearchOptions.Nulls"/> fits of each null, fitted and scored the
/// same way: as many random directions of the rest of the whitened space (the group's later directions, the other
/// independent components and the computed components below the noise floor; uniform there; left out when the rest is
/// smaller than the candidate), and the candidate's coordinates shuffled independently across rows. Found when the error is below every null draw
/// (p = 1/(Nulls + 1), 0.05 with 19 draws) and at most <see cref="SimplexSearchOptions.MaxNullRatio"/> of each null's
/// mean.</item>
/// <item>The whole search again with every independent component shuffled across rows on its own (the marginals kept,
/// every dependence destroyed): what it finds (<see cref="SimplexSearchResult.ShuffledFound"/>) should be nothing.</item>
/// </list>
/// </summary>
public static class SimplexSearch
{
    public static SimplexSearchResult Run(PrincipalCoordinates coordinates, SimplexSearchOptions options, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(options);
        int n = coordinates.Rows;
        var (d, floor) = SignalComponents(coordinates, options.MaxComponents);
        var testRows = Split(n, options.TrainFraction, options.Seed);
        if (d < 2) return new SimplexSearchResult(d, floor, [], [], 0, 0, testRows);

        // s = W Λ^(−1/2) z: the unmixing in principal coordinates, U (d × d).
        // Samples of the searched components (z) and, whitened, of the components below the floor that were computed (noise).
        int all = coordinates.Components, e = all - d;
        var (icaAll, _) = Sample(coordinates, testRows, false, Math.Max(options.SampleRows, options.IndependentRows), all, options.Seed + 1);
        var (testAll, _) = Sample(coordinates, testRows, true, options.SampleRows, all, options.Seed + 2);
        var icaZ = Columns(icaAll, all, [.. Enumerable.Range(0, d)]);
        var trainZ = icaZ[..(options.SampleRows * d)];
        var testZ = Columns(testAll, all, [.. Enumerable.Range(0, d)]);
        var noise = Enumerable.Range(d, e).ToArray();
        var trainN = Whiten(Columns(icaAll[..(options.SampleRows * all)], all, noise), [.. coordinates.Variances.Skip(d)], e);
        var testN = Whiten(Columns(testAll, all, noise), [.. coordinates.Variances.Skip(d)], e);
        var w = IndependentComponents.Fit(Whiten(icaZ, coordinates.Variances, d), d, options.Seed + 3, threads: options.Threads);
        var unmixing = new double[d * d];
        for (int c = 0; c < d; c++)
            for (int j = 0; j < d; j++) unmixing[c * d + j] = w[c * d + j] / Math.Sqrt(coordinates.Variances[j]);
        var trainS = Apply(unmixing, d, trainZ, d);
        var testS = Apply(unmixing, d, testZ, d);
        var groupingS = Apply(unmixing, d, icaZ, d); // ComponentGroups keeps distinct rows only
        var (groups, candidates) = Candidates(coordinates, d, w, unmixing, groupingS, trainS, testS, trainN, testN, options, progress);

        // The whole search again on the same rows with every independent component shuffled across rows on its own:
        // the marginals kept, every dependence destroyed. It should find nothing.
        var (_, shuffled) = Candidates(coordinates, d, w, unmixing, Shuffled(groupingS, d, options.Seed + 7), Shuffled(trainS, d, options.Seed + 5),
            Shuffled(testS, d, options.Seed + 6), trainN, testN, options, null);
        return new SimplexSearchResult(d, floor, groups, candidates, shuffled.Count, shuffled.Count(c => c.Found), testRows);
    }

    private static (int[][] Groups, List<SimplexCandidate> Candidates) Candidates(PrincipalCoordinates coordinates, int d, double[] w, double[] unmixing,
        double[] groupingS, double[] trainS, double[] testS, double[] trainN, double[] testN, SimplexSearchOptions options, Action<double>? progress)
    {
        var (groups, _) = ComponentGroups.Find(groupingS, d, options.MinimumInformation, options.Seed + 4);
        var candidates = new List<SimplexCandidate>();
        var multi = groups.Where(g => g.Length >= 2).ToArray();
        for (int g = 0; g < multi.Length; g++)
        {
            var context = new GroupContext(coordinates, d, w, unmixing, trainS, testS, trainN, testN, options, options.Seed + 100 * (ulong)(g + 1));
            // One simplex in the group's leading directions, then, while each is found, another in the directions after
            // it (a group can hold several factors whose components stayed dependent, e.g. in a trained model).
            for (int offset = 0, peel = 0; multi[g].Length - offset >= 2 && peel < MaxSimplicesPerGroup; peel++)
            {
                var candidate = Evaluate(context with { Seed = context.Seed + 17 * (ulong)offset }, multi[g], offset);
                candidates.Add(candidate);
                if (!candidate.Found) break;
                offset += candidate.Vertices - 1;
            }
            progress?.Invoke((g + 1.0) / multi.Length);
        }
        return (groups, candidates);
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

    private sealed record GroupContext(PrincipalCoordinates Coordinates, int D, double[] W, double[] Unmixing, double[] TrainS, double[] TestS,
        double[] TrainNoise, double[] TestNoise, SimplexSearchOptions Options, ulong Seed);

    private static SimplexCandidate Evaluate(GroupContext context, int[] group, int offset)
    {
        var (coordinates, d, w, unmixing, trainS, testS, trainN, testN, options, seed) = context;
        int e = coordinates.Components - d;
        int size = group.Length;
        // Directions within the group by activation variance: eigenvectors of U_G Λ U_Gᵀ (in the group's whitened coordinates).
        var wg = Matrix<double>.Build.Dense(size, d, (a, j) => w[group[a] * d + j]);
        var lambda = Matrix<double>.Build.DiagonalOfDiagonalArray([.. coordinates.Variances.Take(d)]);
        var evd = (wg * lambda * wg.Transpose()).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, size).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var rotation = new double[size * size]; // row r: the r-th direction, in the group's component coordinates
        for (int r = 0; r < size; r++)
            for (int a = 0; a < size; a++) rotation[r * size + a] = evd.EigenVectors[a, order[r]];
        var groupTrain = Apply(rotation, size, Columns(trainS, d, group), size);
        var groupTest = Apply(rotation, size, Columns(testS, d, group), size);

        // The fit-error curve: k = 3, 4, … until two vertex counts in a row fit no better than their shuffles' half.
        var curve = new List<VertexCount>();
        var fits = new List<SimplexFit>();
        for (int m = 2; m <= Math.Min(size - offset, options.MaxVertices - 1); m++)
        {
            var x = Columns(groupTrain, size, [.. Enumerable.Range(offset, m)]);
            var fit = ArchetypalAnalysis.Fit(x, m, m + 1, seed);
            double shuffled = ArchetypalAnalysis.Fit(Shuffled(x, m, seed + 10), m, m + 1, seed).UnexplainedVariance;
            curve.Add(new VertexCount(m + 1, fit.UnexplainedVariance, shuffled));
            fits.Add(fit);
            if (curve.Count >= 2 && curve[^1].Ratio > 0.5 && curve[^2].Ratio > 0.5) break;
        }
        // The most vertices whose simplex fits at least ten times better than its shuffle (a simplex in more of the
        // group's directions explains more of the factor), else the best ratio.
        int chosen = curve.FindLastIndex(p => p.Ratio <= SimplexRatio);
        if (chosen < 0) chosen = curve.IndexOf(curve.MinBy(p => p.Ratio)!);
        var best = fits[chosen];
        int bestM = chosen + 2;
        var leading = Enumerable.Range(offset, bestM).ToArray();
        var trainX = Columns(groupTrain, size, leading);
        var testX = Columns(groupTest, size, leading);
        double heldOut = ArchetypalAnalysis.UnexplainedVariance(testX, best!);

        // The rest of the whitened space: the group's other directions, every other independent component and the
        // computed components below the noise floor.
        var others = Enumerable.Range(0, d).Where(c => !group.Contains(c)).ToArray();
        var later = Enumerable.Range(0, size).Where(r => r < offset || r >= offset + bestM).ToArray();
        var restTrain = Concatenate(Concatenate(Columns(groupTrain, size, later), later.Length, Columns(trainS, d, others), others.Length), d - bestM, trainN, e);
        var restTest = Concatenate(Concatenate(Columns(groupTest, size, later), later.Length, Columns(testS, d, others), others.Length), d - bestM, testN, e);
        int rest = d - bestM + e;
        int randomDraws = rest >= bestM ? options.Nulls : 0;
        var shuffledNulls = new double[options.Nulls];
        var randomNulls = new double[randomDraws];
        Parallel.For(0, options.Nulls + randomDraws, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, t =>
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
                var directions = Gaussian.OrthonormalRows(bestM, rest, ref rng);
                a = Apply(directions, bestM, restTrain, rest);
                b = Apply(directions, bestM, restTest, rest);
            }
            var fit = ArchetypalAnalysis.Fit(a, bestM, bestM + 1, drawSeed);
            (t < options.Nulls ? shuffledNulls : randomNulls)[draw] = ArchetypalAnalysis.UnexplainedVariance(b, fit);
        });
        // Random directions need as many directions outside the candidate as it has; without them only the shuffle remains.
        var nulls = new List<NullComparison>();
        if (randomDraws > 0) nulls.Add(NullComparison.Of(NullComparison.RandomDirections, heldOut, randomNulls));
        nulls.Add(NullComparison.Of(NullComparison.ShuffledCoordinates, heldOut, shuffledNulls));
        bool found = Passes(heldOut, randomDraws > 0 ? [[.. randomNulls], [.. shuffledNulls]] : [[.. shuffledNulls]], options);

        // The candidate's coordinates y = F z (filter F: m × d) and where they live, z = P y (pattern P: d × m).
        var filter = new double[bestM * d];
        var pattern = new double[d * bestM];
        for (int r = 0; r < bestM; r++)
            for (int a = 0; a < size; a++)
            {
                double coefficient = rotation[(offset + r) * size + a];
                for (int j = 0; j < d; j++)
                {
                    filter[r * d + j] += coefficient * unmixing[group[a] * d + j];
                    pattern[j * bestM + r] += coefficient * w[group[a] * d + j] * Math.Sqrt(coordinates.Variances[j]);
                }
            }
        double share = Enumerable.Range(0, bestM).Sum(r => Enumerable.Range(0, d).Sum(j => pattern[j * bestM + r] * pattern[j * bestM + r]))
            / coordinates.TotalVariance;
        var candidate = new SimplexCandidate(group, best!, filter, pattern, VertexActivations(coordinates, pattern, d, best!), share,
            best!.UnexplainedVariance, heldOut, curve, nulls, found);
        return candidate;
    }

    /// <summary>Most simplices taken from one group, one after another in its directions.</summary>
    public const int MaxSimplicesPerGroup = 4;

    /// <summary>A vertex count is kept when its fit error is at most this fraction of the same fit's on shuffled coordinates.</summary>
    public const double SimplexRatio = 0.1;

    private static bool Passes(double error, IReadOnlyList<List<double>> nullKinds, SimplexSearchOptions options) =>
        nullKinds.All(nulls => nulls.All(v => v > error) && error <= options.MaxNullRatio * nulls.Average());

    /// <summary>The vertices in activation space: μ + Σ_c (P v)_c·(component c).</summary>
    private static double[][] VertexActivations(PrincipalCoordinates coordinates, double[] pattern, int d, SimplexFit fit)
    {
        int width = coordinates.Width, m = fit.Dimension;
        var result = new double[fit.Vertices][];
        for (int v = 0; v < fit.Vertices; v++)
        {
            var row = coordinates.Mean.ToArray();
            for (int c = 0; c < d; c++)
            {
                double z = 0;
                for (int r = 0; r < m; r++) z += pattern[c * m + r] * fit.VertexCoordinates[v * m + r];
                var basis = coordinates.Basis.AsSpan(c * width, width);
                for (int e = 0; e < width; e++) row[e] += z * basis[e];
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
    private static (double[] Values, int[] Rows) Sample(PrincipalCoordinates coordinates, bool[] testRows, bool heldOut, int count, int d, ulong seed)
    {
        int n = coordinates.Rows;
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = testRows[i] == heldOut ? coordinates.Weights[i] : 0;
        var sampler = new WeightedSampler(weights, seed);
        var result = new double[count * d];
        var rows = new int[count];
        for (int t = 0; t < count; t++)
        {
            int i = rows[t] = sampler.Next();
            for (int j = 0; j < d; j++) result[t * d + j] = coordinates.Score(i, j);
        }
        return (result, rows);
    }


    private static double[] Whiten(double[] z, double[] variances, int d)
    {
        var result = (double[])z.Clone();
        if (d == 0) return result;
        for (int t = 0; t < result.Length; t++) result[t] /= Math.Sqrt(Math.Max(variances[t % d], 1e-300));
        return result;
    }

    /// <summary>Rows of <paramref name="x"/> (n × <paramref name="d"/>) mapped by <paramref name="matrix"/> (m × d): y = M x.</summary>
    private static double[] Apply(double[] matrix, int m, double[] x, int d)
    {
        int n = x.Length / d;
        var result = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < m; r++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += matrix[r * d + j] * x[i * d + j];
                result[i * m + r] = s;
            }
        return result;
    }

    /// <summary>Two row-aligned matrices side by side.</summary>
    private static double[] Concatenate(double[] a, int wa, double[] b, int wb)
    {
        if (wa == 0) return b;
        if (wb == 0) return a;
        int n = a.Length / wa, w = wa + wb;
        var result = new double[n * w];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(a, i * wa, result, i * w, wa);
            Array.Copy(b, i * wb, result, i * w + wa, wb);
        }
        return result;
    }

    /// <summary>The given columns of <paramref name="x"/> (n × d), at the given rows (all when null).</summary>
    private static double[] Columns(double[] x, int d, int[] columns, int[]? rows = null)
    {
        int n = rows?.Length ?? x.Length / d, m = columns.Length;
        var result = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            int r = rows?[i] ?? i;
            for (int j = 0; j < m; j++) result[i * m + j] = x[r * d + columns[j]];
        }
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
}
