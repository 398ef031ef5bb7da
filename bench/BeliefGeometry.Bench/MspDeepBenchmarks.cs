using BenchmarkDotNet.Attributes;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Bench;

/// <summary>
/// Mess3 to depth 14: Σ_{l≤14} 3ˡ = 7,174,453 words, every one a distinct belief. Each call takes seconds
/// and about a gigabyte, so this class runs a short job of its own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MspDeepBenchmarks
{
    public const int Depth = 14;
    private HiddenMarkovProcess _mess3 = null!;
    private TheoryOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mess3 = ProcessCatalog.Resolve("mess3");
        _options = new TheoryOptions(Depth: Depth);
    }

    [Benchmark(Description = "ProcessTheory.Compute: mess3 depth 14")]
    public TheoryReport TheoryMess3Depth14() => ProcessTheory.Compute(_mess3, _options);

    [Benchmark(Description = "MixedStatePresentation.Build: mess3 depth 14")]
    public MixedStatePresentation BuildMess3Depth14() => MixedStatePresentation.Build(_mess3, Depth);
}
