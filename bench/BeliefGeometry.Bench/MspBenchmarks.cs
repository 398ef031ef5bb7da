using BenchmarkDotNet.Attributes;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Bench.Baselines;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Bench;

/// <summary>
/// The theory core at everyday sizes: Mess3 to depth 10 (88,573 words, all distinct beliefs) and RRXOR to
/// depth 1000 (a finite MSP), against the straightforward first version as the baseline.
/// </summary>
[MemoryDiagnoser]
public class MspBenchmarks
{
    public const int Depth = 10;
    private HiddenMarkovProcess _mess3 = null!;
    private HiddenMarkovProcess _rrxor = null!;
    private TheoryOptions _depth10 = null!;
    private TheoryOptions _depth1000 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mess3 = ProcessCatalog.Resolve("mess3");
        _rrxor = ProcessCatalog.Resolve("rrxor");
        _depth10 = new TheoryOptions(Depth: Depth);
        _depth1000 = new TheoryOptions(Depth: 1000);
        // Apples to apples: the baseline must compute the same H(L), h(L) and belief counts as the Core.
        Console.WriteLine("// " + SelfCheck.Run(_mess3, Depth));
        Console.WriteLine("// " + SelfCheck.Run(_rrxor, 16));
    }

    [Benchmark(Baseline = true, Description = "Straightforward: mess3 depth 10")]
    public StraightforwardMsp.Result StraightforwardMess3Depth10() => StraightforwardMsp.Compute(_mess3, Depth);

    [Benchmark(Description = "ProcessTheory.Compute: mess3 depth 10")]
    public TheoryReport TheoryMess3Depth10() => ProcessTheory.Compute(_mess3, _depth10);

    [Benchmark(Description = "MixedStatePresentation.Build: mess3 depth 10")]
    public MixedStatePresentation BuildMess3Depth10() => MixedStatePresentation.Build(_mess3, Depth);

    [Benchmark(Description = "ProcessTheory.Compute: rrxor depth 1000")]
    public TheoryReport TheoryRrxorDepth1000() => ProcessTheory.Compute(_rrxor, _depth1000);
}
