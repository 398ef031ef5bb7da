using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Arrays;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Cli.Pipeline.Analyses;
using BeliefGeometry.Export;
using BeliefGeometry.Geometry.Simplices;
using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Cli.Pipeline.Geometry;

/// <summary>
/// <c>belief geometry</c> (docs/design.md section 2.8): the unsupervised simplex search (<see cref="SimplexSearch"/>) on
/// one activation matrix, streamed from disk (<see cref="StreamedPca"/>), with the truth when it is known: from a run
/// directory (a hook point's activations, weighted by P(prefix), scored against each factor's belief) or from files
/// (any array, optional weights and beliefs). Writes geometry.json, geometry/candidate_&lt;i&gt;_{coordinates,vertices}.npy
/// and figures/geometry_candidate_&lt;i&gt; into the output directory; geometry.json last, so it only names files that are
/// whole.
/// </summary>
public static class GeometryRun
{
    /// <summary>Files given on the command line: the activations, and optionally row weights (1-D) and true beliefs ([rows, q], split into factors of <paramref name="FactorColumns"/> columns each).</summary>
    public sealed record FileInput(string Activations, string? Weights, string? Beliefs, IReadOnlyList<int>? FactorColumns);

    /// <summary>
    /// The search on a probed run's activations at <paramref name="hook"/> (default <see cref="DefaultHook"/>), written into
    /// the run directory; with <paramref name="length"/>, on the prefixes of that length only (pooled over lengths, every
    /// factor's belief is near its stationary one at short lengths, which makes independent factors look dependent).
    /// </summary>
    public static GeometryFile OnRun(RunContext run, string? hook, int? length, SimplexSearchOptions options, Action<int, double>? progress = null)
    {
        hook ??= DefaultHook(run);
        string path = run.Directory.ActivationPath(hook);
        if (!File.Exists(path))
            throw new InputException($"run '{run.Directory.Path}' has no activations for hook '{hook}' ('{path}'); the hook points exported are: {string.Join(", ", ExportedHooks(run))}");
        var prefixes = run.Prefixes;
        var weights = prefixes.Probabilities.ToArray();
        if (length is { } only)
        {
            if (only < prefixes.MinLength || only > prefixes.MaxLength)
                throw new InputException($"--length {only}: run '{run.Directory.Path}' has prefixes of lengths {prefixes.MinLength}–{prefixes.MaxLength}");
            for (int i = 0; i < weights.Length; i++)
                if (prefixes.Length(i) != only) weights[i] = 0;
        }
        var factors = TrueFactors(run);
        using var source = ArraySource.Open(path);
        if (source.Rows != prefixes.Count)
            throw new InputException($"'{path}' has {source.Rows:N0} rows, not one per prefix ({prefixes.Count:N0}); run 'belief probe {run.Directory.Path}' again");
        var origin = new GeometrySource(path, hook, length, source.Rows, source.Width, source.DType,
            length is null ? "P(prefix)" : $"P(prefix), length {length} only", "the exact beliefs of the run's process");
        return Search(source, weights, factors, origin, run.Directory.Path, options, progress);
    }

    /// <summary>The search on files, written into <paramref name="outDirectory"/>.</summary>
    public static GeometryFile OnFiles(FileInput input, string outDirectory, SimplexSearchOptions options, Action<int, double>? progress = null)
    {
        using var source = ArraySource.Open(input.Activations);
        if (source.Rank != 2)
            throw new InputException($"{source.Label} is 1-D; the activations must be a [rows, width] array");
        double[]? weights = input.Weights is null ? null : ReadVector(input.Weights, source.Rows);
        var factors = input.Beliefs is null ? [] : ReadFactors(input.Beliefs, input.FactorColumns, source.Rows);
        var origin = new GeometrySource(input.Activations, null, null, source.Rows, source.Width, source.DType,
            input.Weights ?? "uniform", input.Beliefs);
        return Search(source, weights, factors, origin, outDirectory, options, progress);
    }

    /// <summary>The last block's residual stream (<c>blocks.L.hook_resid_post</c>) when exported, else the last hook point exported.</summary>
    public static string DefaultHook(RunContext run)
    {
        var hooks = ExportedHooks(run);
        if (hooks.Count == 0)
            throw new InputException($"run '{run.Directory.Path}' has no activations exported; run 'belief probe {run.Directory.Path}' (without --no-activations)");
        return hooks.Where(h => h.StartsWith("blocks.", StringComparison.Ordinal) && h.EndsWith(".hook_resid_post", StringComparison.Ordinal))
            .OrderBy(h => int.TryParse(h.Split('.')[1], CultureInfo.InvariantCulture, out int layer) ? layer : -1).LastOrDefault() ?? hooks[^1];
    }

    private static List<string> ExportedHooks(RunContext run)
    {
        var probed = run.Probe.Analysis.Settings.Probed ?? [];
        var present = Directory.Exists(run.Directory.ActivationsPath)
            ? Directory.GetFiles(run.Directory.ActivationsPath, "*.npy").Select(f => Path.GetFileNameWithoutExtension(f)!).ToHashSet()
            : [];
        var ordered = probed.Where(present.Contains).ToList();
        return ordered.Count > 0 ? ordered : [.. present.Where(h => h.Contains("hook_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Each factor's belief for a product of independent factors, else the belief itself.</summary>
    private static List<FactorBeliefs> TrueFactors(RunContext run)
    {
        var prefixes = run.Prefixes;
        var readouts = run.Process is { FactorsIndependent: true, Factors: { } factors }
            ? factors.Select((f, k) => (Name: $"factor {k} ({f.Name})", Readout: (BeliefReadout?)BeliefReadout.Factor(factors, k))).ToList()
            : [("belief", null)];
        var result = new List<FactorBeliefs>();
        foreach (var (name, readout) in readouts)
        {
            int q = readout?.Width ?? prefixes.StateCount;
            var values = new double[prefixes.Count * q];
            for (int i = 0; i < prefixes.Count; i++)
            {
                if (readout is null) prefixes.Belief(i).CopyTo(values.AsSpan(i * q, q));
                else readout.Apply(prefixes.Belief(i), values.AsSpan(i * q, q));
            }
            result.Add(new FactorBeliefs(name, values, q));
        }
        return result;
    }

    private static GeometryFile Search(ArraySource source, double[]? weights, List<FactorBeliefs> factors, GeometrySource origin, string outDirectory,
        SimplexSearchOptions options, Action<int, double>? progress)
    {
        var clock = Stopwatch.StartNew();
        if (source.Rows < options.MaxVertices)
            throw new InputException($"{source.Label} has {source.Rows:N0} rows; a simplex search needs more rows than vertices ({options.MaxVertices})");
        var coordinates = StreamedPca.Compute(source, weights, options.MaxComponents, progress, options.Threads);
        var result = SimplexSearch.Run(coordinates, options, f => progress?.Invoke(3, f));
        var barycentric = result.Candidates.Select(c => c.Barycentric(coordinates)).ToList();

        GeometryTruth? truth = null;
        if (factors.Count > 0)
        {
            var r2 = BeliefMatch.Scores(barycentric, [.. result.Candidates.Select(c => c.Vertices)], factors, coordinates.Weights, result.TestRows);
            var matches = BeliefMatch.Match(r2);
            var matched = matches.ToDictionary(m => m.Factor, m => m.Simplex);
            truth = new GeometryTruth([.. factors.Select((f, k) => matched.TryGetValue(k, out int s)
                ? new FactorMatch(f.Name, f.Columns, s, r2[s][k], result.Candidates[s].Found)
                : new FactorMatch(f.Name, f.Columns, null, null, false))], r2);
        }

        // Files: the coordinates and vertices of every candidate, then its figure, then geometry.json.
        string folder = Path.Combine(outDirectory, GeometryFile.Folder);
        string figures = Path.Combine(outDirectory, "figures");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(figures);
        foreach (var stale in Directory.GetFiles(folder, "candidate_*.npy")) File.Delete(stale);
        var files = new List<GeometryFiles>();
        for (int c = 0; c < result.Candidates.Count; c++)
        {
            var candidate = result.Candidates[c];
            int k = candidate.Vertices;
            string coordinatesPath = Path.Combine(GeometryFile.Folder, $"candidate_{c}_coordinates.npy");
            string verticesPath = Path.Combine(GeometryFile.Folder, $"candidate_{c}_vertices.npy");
            string figurePath = Path.Combine("figures", $"geometry_candidate_{c}");
            Npy.Write<double>(Path.Combine(outDirectory, coordinatesPath), barycentric[c], coordinates.Rows, k);
            Npy.Write<double>(Path.Combine(outDirectory, verticesPath), [.. candidate.VertexActivations.SelectMany(v => v)], k, coordinates.Width);
            var match = truth?.Factors.Select((f, index) => (f, index)).FirstOrDefault(t => t.f.Candidate == c);
            FoundSimplexFigure.Write(Title(c, candidate, match?.f), barycentric[c], k, coordinates.Weights,
                match is { } m ? Colors(factors[m.index]) : null, Path.Combine(outDirectory, figurePath));
            files.Add(new GeometryFiles(c, coordinatesPath, verticesPath, figurePath));
        }
        var explained = coordinates.Variances.Take(result.SearchedComponents).Select(v => v / coordinates.TotalVariance).ToList();
        var file = new GeometryFile(origin, options, explained, result, files, truth, Math.Round(clock.Elapsed.TotalSeconds, 3));
        AtomicFile.WriteText(Path.Combine(outDirectory, GeometryFile.FileName), JsonSerializer.Serialize(file, Json) + "\n");
        return file;
    }

    private static readonly JsonSerializerOptions Json = new(ProbeRun.JsonOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static string Title(int c, SimplexCandidate candidate, FactorMatch? match) => string.Create(CultureInfo.InvariantCulture,
        $"Candidate {c}: {candidate.Vertices} vertices, {(candidate.Found ? "found" : "not found")}{(match is { R2: { } r2 } ? $"; {match.Name} R² {r2:0.000}" : "")}");

    /// <summary>A 3-column belief in [0, 1] as its own RGB; otherwise no colours (the figure colours by position).</summary>
    private static double[]? Colors(FactorBeliefs factor) =>
        factor.Columns == 3 && factor.Values.All(v => v >= -1e-9 && v <= 1 + 1e-9) ? factor.Values : null;

    private static double[] ReadVector(string spec, long rows)
    {
        using var array = ArraySource.Open(spec);
        if (array.Width != 1)
            throw new InputException($"{array.Label} is [{array.Rows}, {array.Width}]; the weights must be a 1-D array of one weight per row");
        if (array.Rows != rows)
            throw new InputException($"{array.Label} holds {array.Rows:N0} weights for {rows:N0} rows; give one weight per row");
        var values = new double[rows];
        array.ReadRows(0, (int)rows, values);
        return values;
    }

    private static List<FactorBeliefs> ReadFactors(string spec, IReadOnlyList<int>? columns, long rows)
    {
        using var array = ArraySource.Open(spec);
        if (array.Rows != rows)
            throw new InputException($"{array.Label} holds beliefs for {array.Rows:N0} rows, not the activations' {rows:N0}");
        int width = array.Width;
        columns ??= [width];
        if (columns.Sum() != width || columns.Any(c => c < 1))
            throw new InputException($"--factor-columns {string.Join(",", columns)} does not split the {width} belief columns of {array.Label} (the sizes must be positive and add up to {width})");
        var values = new double[rows * width];
        array.ReadRows(0, (int)rows, values);
        for (int t = 0; t < values.Length; t++)
            if (!double.IsFinite(values[t]))
                throw new InputException($"row {t / width:N0} of {array.Label} holds {values[t]}; beliefs must be finite");
        var factors = new List<FactorBeliefs>();
        int offset = 0;
        foreach (int q in columns)
        {
            var part = new double[rows * q];
            for (long i = 0; i < rows; i++) Array.Copy(values, i * width + offset, part, i * q, q);
            factors.Add(new FactorBeliefs(columns.Count == 1 ? "belief" : $"factor {factors.Count}", part, q));
            offset += q;
        }
        return factors;
    }
}
