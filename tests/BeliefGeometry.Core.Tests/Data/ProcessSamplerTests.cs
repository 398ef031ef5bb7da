using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Data;

public class ProcessSamplerTests
{
    [Theory]
    [InlineData("mess3", 3)]
    [InlineData("rrxor", 5)]
    [InlineData("golden_mean:p=0.3", 4)]
    [InlineData("mess3*z1r", 2)]
    public void WordFrequenciesMatchExactProbabilities(string spec, int length) =>
        AssertFrequenciesMatch(ProcessCatalog.Resolve(spec), length);

    /// <summary>
    /// A generalized HMM streams by its belief (x ~ P(· | η), then η is updated); a process with an initial state, and a
    /// non-ergodic mixture (one component per sequence), start every sequence from η₀.
    /// </summary>
    [Fact]
    public void GeneralizedInitialStateAndMixtureWordFrequenciesMatchExactProbabilities()
    {
        AssertFrequenciesMatch(TestSupport.GeneralizedGoldenMean(), 4);
        AssertFrequenciesMatch(ProcessCatalog.Resolve("0.3@golden_mean:p=0.4+0.7@even:p=0.6"), 4);
        var rrxor = ProcessCatalog.Resolve("rrxor");
        var fromZ = new HiddenMarkovProcess("rrxor from Z", rrxor.Tokens, rrxor.States,
            Enumerable.Range(0, 2).Select(rrxor.TokenMatrixArray).ToArray(), initialState: [0, 1, 0, 0, 0]);
        AssertFrequenciesMatch(fromZ, 4);
    }

    private static void AssertFrequenciesMatch(HiddenMarkovProcess process, int length)
    {
        var sampler = new ProcessSampler(process, seed: 2024);
        const int batch = 1000, batches = 200;
        int v = process.TokenCount;
        var counts = new long[(int)Math.Pow(v, length)];
        var tokens = new int[batch * length];
        for (int b = 0; b < batches; b++)
        {
            sampler.SampleBatch(tokens, batch, length);
            for (int k = 0; k < batch; k++) counts[DataTestSupport.Index(tokens.AsSpan(k * length, length), v)]++;
        }
        var data = ExactDataset.Enumerate(process, new SequenceLayout(length, v, bos: true)); // words of length `length`
        long seen = 0;
        for (int i = 0; i < data.WordCount; i++)
        {
            long count = counts[DataTestSupport.Index(data.Word(i), v)];
            DataTestSupport.AssertWithinFiveSigma(count, batch * batches, data.Probability(i), $"word {string.Join("", data.Word(i).ToArray())}");
            seen += count;
        }
        Assert.Equal(batch * batches, seen); // nothing outside the positive-probability words
    }

    [Theory]
    [InlineData("rrxor")]
    [InlineData("golden_mean")]
    [InlineData("even")]
    public void ForbiddenWordsNeverAppear(string spec)
    {
        var process = ProcessCatalog.Resolve(spec);
        var sampler = new ProcessSampler(process, seed: 5);
        const int length = 24, batch = 5000;
        var tokens = new int[batch * length];
        sampler.SampleBatch(tokens, batch, length);
        for (int k = 0; k < batch; k++)
            Assert.True(double.IsFinite(BeliefUpdate.LogProbability(process, tokens.AsSpan(k * length, length))),
                $"sequence {k} has probability 0");
        if (spec == "golden_mean")
            for (int t = 1; t < tokens.Length; t++)
                Assert.False(tokens[t - 1] == 1 && tokens[t] == 1 && t % length != 0, "golden mean emitted 11");
    }

    [Fact]
    public void SameSeedSameSequencesDifferentSeedDifferent()
    {
        var process = ProcessCatalog.Resolve("mess3");
        int[] Run(ulong seed) { var a = new int[64 * 11]; new ProcessSampler(process, seed).SampleBatch(a, 64, 11); return a; }
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void StateRestoresTheStream()
    {
        var sampler = new ProcessSampler(ProcessCatalog.Resolve("rrxor"), seed: 1);
        var a = new int[100];
        var b = new int[100];
        sampler.Sample(a);
        var state = sampler.GetRandomState();
        sampler.Sample(a);
        sampler.SetRandomState(state);
        sampler.Sample(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void GeneralizedSamplerIsDeterministicAndRestores()
    {
        var process = TestSupport.GeneralizedGoldenMean();
        int[] Run(ulong seed) { var a = new int[64 * 11]; new ProcessSampler(process, seed).SampleBatch(a, 64, 11); return a; }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
        var sampler = new ProcessSampler(process, seed: 1);
        var a = new int[100];
        var b = new int[100];
        var state = sampler.GetRandomState();
        sampler.Sample(a);
        sampler.SetRandomState(state);
        sampler.Sample(b);
        Assert.Equal(a, b);
    }
}
