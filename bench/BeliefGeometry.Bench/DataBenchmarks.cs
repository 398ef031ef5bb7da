using BenchmarkDotNet.Attributes;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Bench;

/// <summary>
/// Training data at the published Mess3 size: streaming batches of 256 sequences of n_ctx + 1 = 11 tokens
/// (2,816 tokens per operation; tokens/s = 2816 / mean time), an exact batch drawn by probability, and
/// the exact enumeration of all 3¹¹ = 177,147 words.
/// </summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    public const int Batch = 256, Length = 11;
    private HiddenMarkovProcess _mess3 = null!;
    private ProcessSampler _sampler = null!;
    private ExactDataset _exact = null!;
    private WeightedSampler _wordSampler = null!;
    private readonly int[] _tokens = new int[Batch * Length];

    [GlobalSetup]
    public void Setup()
    {
        _mess3 = ProcessCatalog.Resolve("mess3");
        _sampler = new ProcessSampler(_mess3, seed: 1);
        _exact = ExactDataset.Enumerate(_mess3, Length - 1);
        _wordSampler = _exact.CreateSampler(seed: 1);
    }

    [Benchmark(Description = "ProcessSampler: mess3 256×11 tokens")]
    public int StreamMess3Batch()
    {
        _sampler.SampleBatch(_tokens, Batch, Length);
        return _tokens[^1];
    }

    [Benchmark(Description = "ExactDataset.SampleBatch: mess3 256×11 tokens")]
    public int ExactMess3Batch()
    {
        _exact.SampleBatch(_wordSampler, _tokens, Batch);
        return _tokens[^1];
    }

    [Benchmark(Description = "ExactDataset.Enumerate: mess3 n_ctx 10")]
    public ExactDataset EnumerateMess3() => ExactDataset.Enumerate(_mess3, Length - 1);
}
