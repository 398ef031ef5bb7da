using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BeliefGeometry.Arrays;
using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Bench;

/// <summary>
/// <c>belief geometry</c> at scale: a float32 .npy of <see cref="SimplexActivationFile"/> (3 triangles, one 4-vertex simplex,
/// 4 Gaussian distractors, noise sd 0.05) read through <see cref="ArraySource"/> (memory-mapped), its principal coordinates
/// by <see cref="StreamedPca"/> (two passes, 24 components, 2 threads, as the CLI), and the simplex search with the CLI's
/// default settings. One call takes up to minutes, so each iteration is one call (no pilot, no jitting call, no warm-up)
/// and the file is written at setup (see <see cref="GeometryData"/> for reusing one). <see cref="Scales"/> are rows × width
/// pairs to see how the time grows with each: rows at width 1,024, width at 1M rows.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class GeometryBenchmarks
{
    public const int Components = 24, Threads = 2;

    /// <summary>The sizes measured; <c>GEOMETRY_BENCH_SCALES</c> (e.g. <c>20000x128,40000x128</c>) replaces them.</summary>
    public const string ScalesVariable = "GEOMETRY_BENCH_SCALES";

    private static readonly GeometryScale[] DefaultScales =
        [new(250_000, 1024), new(500_000, 1024), new(1_000_000, 1024), new(1_000_000, 512), new(1_000_000, 256)];

    private GeometryData _data = null!;
    private PrincipalCoordinates _coordinates = null!;

    [ParamsSource(nameof(Scales))]
    public GeometryScale Scale { get; set; }

    public static IEnumerable<GeometryScale> Scales() =>
        Environment.GetEnvironmentVariable(ScalesVariable) is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GeometryScale.Parse).ToArray()
            : DefaultScales;

    [GlobalSetup(Targets = [nameof(PcaAndSearch), nameof(Pca)])]
    public void Setup() => _data = GeometryData.Prepare(Scale, Console.Out);

    /// <summary>The search alone starts from the coordinates, computed here once.</summary>
    [GlobalSetup(Target = nameof(Search))]
    public void SetupSearch()
    {
        Setup();
        _coordinates = PrincipalCoordinatesOf(_data.Path);
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    [Benchmark(Description = "PCA (2 passes) + SimplexSearch.Run")]
    public int PcaAndSearch() => Search(PrincipalCoordinatesOf(_data.Path));

    [Benchmark(Description = "StreamedPca.Compute: 2 passes, 24 components")]
    public double Pca() => PrincipalCoordinatesOf(_data.Path).Variances[0];

    [Benchmark(Description = "SimplexSearch.Run on the coordinates")]
    public int Search() => Search(_coordinates);

    internal static PrincipalCoordinates PrincipalCoordinatesOf(string path)
    {
        using var source = ArraySource.Open(path);
        return StreamedPca.Compute(source, weights: null, Components, progress: null, Threads);
    }

    /// <summary>The search with the CLI's defaults; the number of candidates found (4 expected: one per simplex).</summary>
    internal static int Search(PrincipalCoordinates coordinates) => SimplexSearch.Run(coordinates, new SimplexSearchOptions()).Found.Count();
}
