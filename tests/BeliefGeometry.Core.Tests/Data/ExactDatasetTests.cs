using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Data;

public class ExactDatasetTests
{
    [Theory]
    [InlineData("mess3", 4)]
    [InlineData("rrxor", 6)]
    [InlineData("even:p=0.3", 5)]
    [InlineData("mess3*golden_mean", 3)]
    public void ProbabilitiesSumToOneAndEqualTheWordProbability(string spec, int contextLength)
    {
        var process = ProcessCatalog.Resolve(spec);
        var data = ExactDataset.Enumerate(process, contextLength);
        Assert.Equal(contextLength, data.ContextLength);
        Assert.Equal(contextLength + 1, data.WordLength);
        double sum = 0;
        for (int i = 0; i < data.WordCount; i++)
        {
            var word = data.Word(i);
            Assert.Equal(contextLength + 1, word.Length);
            double p = data.Probability(i);
            Assert.True(p > 0);
            Assert.Equal(BeliefUpdate.Probability(process, word), p, 1e-15 + 1e-12 * p);
            Assert.Equal(TestSupport.WordProbability(process, word.ToArray()), p, 1e-15 + 1e-12 * p);
            sum += p;
        }
        Assert.Equal(1.0, sum, 1e-12);
    }

    [Fact]
    public void Mess3HasEveryWord()
    {
        var data = ExactDataset.Enumerate(ProcessCatalog.Resolve("mess3"), 4);
        Assert.Equal(243, data.WordCount);
        Assert.Equal(243 * 5, data.Tokens.Length);
        // Lexicographic order: word i is i written in base 3.
        for (int i = 0; i < data.WordCount; i++) Assert.Equal(i, DataTestSupport.Index(data.Word(i), 3));
    }

    [Fact]
    public void RrxorHasExactlyThePositiveProbabilityWords()
    {
        var process = ProcessCatalog.Resolve("rrxor");
        var expected = TestSupport.Words(2, 11).Where(w => TestSupport.WordProbability(process, w) > 1e-12)
            .Select(w => DataTestSupport.Index(w, 2)).ToArray();
        var data = ExactDataset.Enumerate(process, 10);
        Assert.True(expected.Length < 2048); // RRXOR forbids words, so the test says something
        Assert.Equal(expected.Length, data.WordCount);
        Assert.Equal(expected, Enumerable.Range(0, data.WordCount).Select(i => DataTestSupport.Index(data.Word(i), 2)));
    }

    [Fact]
    public void GeneralizedHmmGivesTheSameDataAsItsHmm()
    {
        var hmm = ExactDataset.Enumerate(ProcessCatalog.Parse("golden_mean:p=0.4"), 7);
        var ghmm = ExactDataset.Enumerate(TestSupport.GeneralizedGoldenMean(), 7);
        Assert.Equal(hmm.WordCount, ghmm.WordCount);
        Assert.True(hmm.Tokens.SequenceEqual(ghmm.Tokens));
        for (int i = 0; i < hmm.WordCount; i++) Assert.Equal(hmm.Probability(i), ghmm.Probability(i), 1e-13);
    }

    [Fact]
    public void BosLayoutEnumeratesWordsOfLengthContext()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var data = ExactDataset.Enumerate(process, new SequenceLayout(4, 3, bos: true));
        Assert.Equal(4, data.WordLength);
        Assert.Equal(81, data.WordCount);
    }

    [Fact]
    public void RefusesMoreThanTheTokenLimit()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var error = Assert.Throws<InputException>(() => ExactDataset.Enumerate(process, 6, maxTokens: 7 * 3 * 3 * 3 * 3 * 3 * 3 * 3 - 1));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("n_ctx 6", error.Message);
        Assert.Equal(2187, ExactDataset.Enumerate(process, 6, maxTokens: 7 * 2187).WordCount); // exactly at the limit is fine
    }

    [Fact]
    public void BatchesAreDrawnByProbability()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var data = ExactDataset.Enumerate(process, 2);
        var sampler = data.CreateSampler(seed: 7);
        const int batch = 1000, batches = 200;
        var words = new int[batch * data.WordLength];
        var counts = new long[27];
        for (int b = 0; b < batches; b++)
        {
            data.SampleBatch(sampler, words, batch);
            for (int k = 0; k < batch; k++) counts[DataTestSupport.Index(words.AsSpan(k * 3, 3), 3)]++;
        }
        for (int i = 0; i < data.WordCount; i++)
            DataTestSupport.AssertWithinFiveSigma(counts[DataTestSupport.Index(data.Word(i), 3)], batch * batches, data.Probability(i), $"word {i}");
    }
}
