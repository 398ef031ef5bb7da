using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Models.Tests.Experiments;

public sealed class WordCountsTests
{
    [Fact]
    public void Mess3EmitsEveryWord()
    {
        // Every T⁽ˣ⁾ of Mess3 is positive: N_L = 3^L.
        var counts = WordCounts.Count(ProcessCatalog.Resolve("mess3"), 10, long.MaxValue)!;
        Assert.Equal(Enumerable.Range(0, 11).Select(l => (long)Math.Pow(3, l)), counts);
    }

    [Fact]
    public void GoldenMeanWordsAreFibonacciNumbers()
    {
        // No "11": N_L = F_{L+2} (1, 2, 3, 5, 8, …), counted independently by brute force over all 2^L words.
        var counts = WordCounts.Count(ProcessCatalog.Resolve("golden_mean"), 12, long.MaxValue)!;
        for (int length = 0; length <= 12; length++)
        {
            int brute = Enumerable.Range(0, 1 << length).Count(w => (w & (w >> 1)) == 0);
            Assert.Equal(brute, counts[length]);
        }
    }

    [Fact]
    public void CountsStopAtTheCap()
    {
        var counts = WordCounts.Count(ProcessCatalog.Resolve("mess3"), 100_000, 1000)!;
        Assert.Equal([1L, 3, 9, 27, 81, 243, 729, 1000, 1000], counts[..9]);
        Assert.Equal(1000, counts[^1]);
    }
}
