using BenchmarkDotNet.Attributes;
using BeliefGeometry.Models;
using static TorchSharp.torch;

namespace BeliefGeometry.Bench;

/// <summary>
/// The machine's own single-precision matmul rate through libtorch: C = A B for square N × N float32 matrices,
/// 2N³ FLOPs per operation (N = 1024: 2.147 GFLOP; GFLOP/s = 2N³ / mean time).
/// </summary>
public class MatmulBenchmarks
{
    private Tensor _a = null!, _b = null!;

    [Params(1024, 2048)]
    public int N { get; set; }

    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(Threads);
        var generator = new TorchSharp.torch.Generator(1);
        _a = randn([N, N], generator: generator);
        _b = randn([N, N], generator: generator);
    }

    [Benchmark(Description = "float32 matmul N×N×N")]
    public void Matmul()
    {
        using var c = mm(_a, _b);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
