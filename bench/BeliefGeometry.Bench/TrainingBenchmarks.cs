using BenchmarkDotNet.Attributes;
using BeliefGeometry.Data;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Processes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Bench;

/// <summary>
/// Training throughput of the published Mess3 transformer (143,075 parameters, n_ctx 10) on exact data with Adam:
/// one <see cref="TrainingStep"/> per operation, so tokens/s = batch × 10 / mean time. Compare with
/// <see cref="MatmulBenchmarks"/> from the same run: at ≈ 6 × 143,075 FLOPs per token (forward 2×, backward 4×
/// the parameters), the matmul rate R allows at most R / 858,450 tokens/s.
/// </summary>
public class TrainingBenchmarks
{
    private HookedTransformer _model = null!;
    private OptimizerHelper _optimizer = null!;
    private TrainingStep _step = null!;
    private TrainingBatches _batches = null!;
    private int[] _inputs = null!, _targets = null!;

    [Params(256, 1024)]
    public int Batch { get; set; }

    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(Threads);
        var process = ProcessCatalog.Resolve("mess3");
        var layout = new SequenceLayout(10, process.TokenCount);
        _batches = new TrainingBatches(process, layout, "exact", Batch, seed: 1);
        _model = new HookedTransformer(TransformerConfig.Mess3Paper, seed: 0);
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        _step = new TrainingStep(_model, _optimizer, Batch, 10, 3, gradClip: null, CPU);
        _inputs = new int[Batch * 10];
        _targets = new int[Batch * 10];
    }

    [Benchmark(Description = "Adam training step, Mess3 paper model (batch × 10 tokens)")]
    public double TrainStep()
    {
        _batches.Next(_inputs, _targets);
        return _step.Run(_inputs, _targets);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }
}
