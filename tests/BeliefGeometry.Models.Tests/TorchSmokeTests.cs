using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests;

/// <summary>
/// Proves libtorch loads (see build/TorchSharpGlibcxxFix.targets) and that basic kernels agree
/// with plain managed arithmetic.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TorchSmokeTests
{
    public TorchSmokeTests() => TorchRuntime.Initialize(TorchCollection.Threads);

    [Fact]
    public void InitializeSetsThreadCount() => Assert.Equal(TorchCollection.Threads, torch.get_num_threads());

    [Fact]
    public void MatmulMatchesManagedTripleLoop()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(seed: 1234);
        var a = randn([7, 5], dtype: float64, generator: gen);
        var b = randn([5, 3], dtype: float64, generator: gen);
        double[] aData = a.data<double>().ToArray(), bData = b.data<double>().ToArray();
        var product = a.matmul(b);

        Assert.Equal([7L, 3L], product.shape);
        double[] got = product.data<double>().ToArray();
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 3; j++)
            {
                double expected = 0;
                for (int k = 0; k < 5; k++)
                    expected += aData[i * 5 + k] * bData[k * 3 + j];
                Assert.Equal(expected, got[i * 3 + j], 1e-12);
            }
    }

    [Fact]
    public void SumWithNamedDimMatchesManagedSums()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(seed: 42);
        var t = rand([4, 6], dtype: float64, generator: gen);
        double[] data = t.data<double>().ToArray();

        // Explicit named dims: `t.sum(0)` would bind 0 to the ScalarType overload (docs/design.md section 3).
        double[] columnSums = t.sum(dim: 0).data<double>().ToArray();
        double[] rowSums = t.sum(dim: 1, keepdim: true).data<double>().ToArray();

        Assert.Equal(6, columnSums.Length);
        Assert.Equal(4, rowSums.Length);
        for (int j = 0; j < 6; j++)
            Assert.Equal(Enumerable.Range(0, 4).Sum(i => data[i * 6 + j]), columnSums[j], 1e-12);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Enumerable.Range(0, 6).Sum(j => data[i * 6 + j]), rowSums[i], 1e-12);
        Assert.Equal(data.Sum(), t.sum().item<double>(), 1e-12);
    }
}
