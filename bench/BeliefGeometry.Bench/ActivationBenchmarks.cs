using BenchmarkDotNet.Attributes;
using BeliefGeometry.Data;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Processes;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Bench;

/// <summary>
/// Activation capture at the published Mess3 size: all 88,572 prefixes (n_ctx 10, no BOS) through
/// <see cref="TransformerConfig.Mess3Paper"/> (143,075 parameters, random weights — speed does not depend on them),
/// 2 libtorch threads. Compared with the plain approach: a batched RunWithCache forward over the 59,049
/// longest prefixes (590,490 token positions; every shorter prefix is an ancestor of one), no copying out.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ActivationBenchmarks
{
    public const int Threads = 2, LongestBatch = 8192;
    private PrefixSet _prefixes = null!;
    private HookedTransformer _model = null!;
    private ActivationCaptureOptions _default = null!, _all = null!, _prefixForward = null!;
    private Tensor _longest = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(Threads);
        var mess3 = ProcessCatalog.Resolve("mess3");
        _prefixes = PrefixSet.Enumerate(mess3, new SequenceLayout(10, mess3.TokenCount));
        _model = new HookedTransformer(TransformerConfig.Mess3Paper, seed: 0);
        _model.eval();
        _default = new ActivationCaptureOptions();
        _all = new ActivationCaptureOptions { Hooks = ActivationCapture.CapturableHooks(_model) };
        _prefixForward = new ActivationCaptureOptions { Method = ActivationCaptureMethod.PrefixForward };

        int start = _prefixes.LevelStart(10), count = _prefixes.LevelCount(10);
        var tokens = new long[count * 10];
        for (int i = 0; i < count; i++)
            for (int t = 0; t < 10; t++) tokens[i * 10 + t] = _prefixes.Prefix(start + i)[t];
        _longest = tensor(tokens, [count, 10], int64);
        _directory = Directory.CreateTempSubdirectory("activation-bench-").FullName;
        CheckAgainstRunWithCache();
    }

    /// <summary>Stops the run unless the incremental capture matches RunWithCache on 300 prefixes (every hook, within 1e-4).</summary>
    private void CheckAgainstRunWithCache()
    {
        var set = ActivationCapture.Capture(_model, _prefixes, _all);
        var random = new Random(1);
        double worst = 0;
        using var noGrad = no_grad();
        for (int k = 0; k < 300; k++)
        {
            using var scope = NewDisposeScope();
            int i = random.Next(_prefixes.Count);
            long[] prefix = [.. _prefixes.Prefix(i).ToArray().Select(x => (long)x)];
            var (_, cache) = _model.RunWithCache(tensor(prefix, [1, prefix.Length], int64));
            foreach (string hook in set.HookNames)
            {
                var expected = cache[hook][0, prefix.Length - 1].flatten().data<float>().ToArray();
                var actual = set[hook].Row(i);
                for (int j = 0; j < expected.Length; j++) worst = Math.Max(worst, Math.Abs(expected[j] - actual[j]));
            }
        }
        Console.WriteLine($"// ActivationBenchmarks self-check: max |incremental − RunWithCache| = {worst:E2} over 300 prefixes, {set.HookNames.Count} hooks");
        if (worst > 1e-4) throw new InvalidOperationException($"incremental capture disagrees with RunWithCache by {worst}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _longest.Dispose();
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Capture, incremental: default hooks (39 × [88,572, 64 or 256])")]
    public ActivationSet IncrementalDefault() => ActivationCapture.Capture(_model, _prefixes, _default);

    [Benchmark(Description = "Capture, incremental: every capturable hook (+ q, k, v, z)")]
    public ActivationSet IncrementalAll() => ActivationCapture.Capture(_model, _prefixes, _all);

    [Benchmark(Description = "CaptureToDirectory, incremental: default hooks to .npy (1.35 GB)")]
    public int IncrementalToNpy() => ActivationCapture.CaptureToDirectory(_model, _prefixes, _directory, _default).Count;

    [Benchmark(Description = "Capture, prefix forward: default hooks")]
    public ActivationSet PrefixForwardDefault() => ActivationCapture.Capture(_model, _prefixes, _prefixForward);

    [Benchmark(Description = "RunWithCache over the 59,049 longest prefixes, all hooks, no copy-out")]
    public long LongestPrefixesForward()
    {
        using var noGrad = no_grad();
        long rows = _longest.shape[0], touched = 0;
        for (long start = 0; start < rows; start += LongestBatch)
        {
            using var scope = NewDisposeScope();
            var (logits, cache) = _model.RunWithCache(_longest.narrow(0, start, Math.Min(LongestBatch, rows - start)));
            touched += logits.shape[0] + cache.Count;
        }
        return touched;
    }
}
