using BenchmarkDotNet.Attributes;
using BeliefGeometry.Data;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Probing;
using BeliefGeometry.Probing.FarFuture;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Bench;

/// <summary>
/// The whole far-future shuffle test (<see cref="FarFutureTest.Run"/>) at the size of the published RRXOR model
/// (<see cref="TransformerConfig.RrxorPaper"/>): the 1,046 prefixes of RRXOR at n_ctx 10; its 10 residual hook points,
/// 128 wide, as random float32 "trained" activations (the cost does not depend on the values), and their
/// concatenation of the 5 layer outputs (640 wide); the untrained model's activations at the same hooks, captured at
/// setup; 200 shuffles, 5 folds, ridge under <c>auto</c> as the probe fits them, 2 threads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class FarFutureBenchmarks
{
    private PrefixSet _prefixes = null!;
    private FeatureMatrix[] _trained = null!, _untrained = null!;
    private ProbeSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(2);
        var rrxor = ProcessCatalog.Resolve("rrxor");
        _prefixes = PrefixSet.Enumerate(rrxor, new SequenceLayout(10, rrxor.TokenCount));
        using var model = new HookedTransformer(TransformerConfig.RrxorPaper, seed: 0);
        model.eval();
        var hooks = model.ResidualHookNames;
        var untrained = ActivationCapture.Capture(model, _prefixes, new ActivationCaptureOptions { Hooks = hooks });
        _untrained = [.. hooks.Select(h => new FeatureMatrix(h, untrained[h].Data, untrained[h].Width))];
        _trained = [.. hooks.Select((h, k) => new FeatureMatrix(h, ProbeBenchmarks.Random(_prefixes.Count, untrained[h].Width, 20 + (ulong)k).ToArray(), untrained[h].Width))];
        _settings = new ProbeSettings { ConcatenationOf = [.. model.LayerOutputHooks.Select(h => h.Name)], ConcatenationName = "all layers" };
    }

    [Benchmark(Description = "FarFutureTest.Run: RRXOR n_ctx 10, 10 × 128 + concatenation, 200 shuffles")]
    public FarFutureResult Run() => FarFutureTest.Run(_trained, _prefixes, _settings, _untrained);
}
