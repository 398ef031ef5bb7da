using BenchmarkDotNet.Attributes;
using BeliefGeometry.Data;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Bench;

/// <summary>
/// Weighted least-squares probes at the published Mess3 size: 88,572 prefixes (n_ctx 10) with their probabilities
/// as weights, random float32 features (64 = one residual stream, 576 = nine of them concatenated), the 3-wide
/// belief as target. Fit = one pass of the 2-thread Gram kernel over all rows plus the Cholesky solve. Also the
/// whole <see cref="Prober"/> analysis at that size.
/// </summary>
[MemoryDiagnoser]
public class ProbeBenchmarks
{
    private FeatureMatrix _x64 = null!, _x576 = null!;
    private TargetMatrix _beliefs = null!;
    private double[] _weights = null!;
    private PrefixSet _prefixes = null!;
    private FeatureMatrix[] _layers = null!;
    private ProbeScorer _scorer = null!;
    private FeatureSet _concatenation = null!;
    private FoldStatistics _concatenationStats = null!;

    [GlobalSetup]
    public void Setup()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(10, 3));
        _weights = prefixes.Probabilities.ToArray();
        _beliefs = ProbeTargets.Belief(prefixes);
        _x64 = Random(prefixes.Count, 64, 1);
        _x576 = Random(prefixes.Count, 576, 2);
        _prefixes = prefixes;
        _layers = Enumerable.Range(0, 9).Select(l => Random(prefixes.Count, 64, 10 + (ulong)l)).ToArray();
        var settings = new ProbeSettings();
        var lengths = Enumerable.Range(0, prefixes.Count).Select(prefixes.Length).ToArray();
        _scorer = new ProbeScorer(ProbeTargetSet.Create(prefixes, settings), ProbeProtocol.Create(prefixes.Count, settings, lengths), _weights, lengths, settings);
        _concatenation = ProbeFeatureSets.Create(_layers, prefixes, settings).Single(s => s.Kind == FeatureSetKind.Concatenation);
        _concatenationStats = _scorer.Statistics(_concatenation.Features);
    }

    internal static FeatureMatrix Random(int n, int p, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var values = new float[n * p];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextDouble() - 1);
        return new FeatureMatrix($"random{p}_{seed}", values, p);
    }

    [Benchmark(Description = "WLS fit: 88,572 × 64 → 3")]
    public LinearCoefficients Fit64() => new WeightedLinearProbe().Fit(_x64, _beliefs, _weights).Model!;

    [Benchmark(Description = "WLS fit: 88,572 × 576 → 3")]
    public LinearCoefficients Fit576() => new WeightedLinearProbe().Fit(_x576, _beliefs, _weights).Model!;

    /// <summary>
    /// The whole analysis of a run: 9 hooks × 64 plus their concatenation (ridge, CV'd λ) and 3 baselines;
    /// targets belief, next 1/2/3 tokens, Markov-1/2 beliefs (48 columns) and their shuffled copies — the configuration
    /// issue 9 set its target for, so without the random-feature nulls and the further splits added later.
    /// </summary>
    [Benchmark(Description = "Prober.Run: 88,572 rows, 9 × 64 + concatenation")]
    public ProbeAnalysis ProberRun() => Prober.Run(_layers, _prefixes, new ProbeSettings { RandomNull = false, SplitSeeds = 0 });

    /// <summary>
    /// The same with the controls every analysis now carries: the random-feature nulls (64 and 576 wide) and the
    /// belief probes refitted on 10 further splits.
    /// </summary>
    [Benchmark(Description = "Prober.Run, with nulls and 10 further splits")]
    public ProbeAnalysis ProberRunWithControls() => Prober.Run(_layers, _prefixes);

    /// <summary>The two parts of <see cref="ProberRun"/> that cost most: the concatenation's fold statistics (one Gram pass, 96 target columns)…</summary>
    [Benchmark(Description = "FoldStatistics: 88,572 × 576 → 96 (concatenation)")]
    public FoldStatistics ConcatenationStatistics() => _scorer.Statistics(_concatenation.Features);

    /// <summary>…and its scoring: ridge CV (5 eigendecompositions of 576²), the fit, 5-fold CV and the held-out predictions.</summary>
    [Benchmark(Description = "ProbeScorer.Score: the 576-wide concatenation")]
    public IReadOnlyList<ProbeResult> ConcatenationScore() => _scorer.Score(_concatenation, _concatenationStats);

    [Benchmark(Description = "Gram only: 88,572 × 576 → 3")]
    public SufficientStatistics Gram576() => SufficientStatistics.Compute(_x576, _beliefs, _weights);
}
