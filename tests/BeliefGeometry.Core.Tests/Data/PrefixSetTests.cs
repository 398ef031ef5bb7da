using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Data;

public class PrefixSetTests
{
    [Fact]
    public void Mess3AtContextTenHasEveryPrefixOfLengthOneToTen()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(10, 3));
        Assert.Equal(88_572, prefixes.Count); // Σ_{L=1}^{10} 3^L
        Assert.Equal(1, prefixes.MinLength);
        Assert.Equal(10, prefixes.MaxLength);
        Assert.Equal(3, prefixes.LevelCount(1));
        Assert.Equal(59_049, prefixes.LevelCount(10));
        Assert.Equal(88_572 - 59_049, prefixes.LevelStart(10));
        // Lexicographic within a level: prefix LevelStart(L) + k is k written in base 3 with L digits.
        int start = prefixes.LevelStart(4);
        Assert.Equal(new[] { 0, 1, 0, 2 }, prefixes.Prefix(start + 9 + 2).ToArray());
        Assert.Equal(3, prefixes.Position(start));
    }

    [Theory]
    [InlineData("mess3", 5, false)]
    [InlineData("rrxor", 6, false)]
    [InlineData("golden_mean:p=0.4", 7, true)]
    [InlineData("even:p=0.3", 6, false)]
    public void ProbabilitiesBeliefsAndParentsAgreeWithDirectComputation(string spec, int contextLength, bool bos)
    {
        var process = ProcessCatalog.Resolve(spec);
        var layout = new SequenceLayout(contextLength, process.TokenCount, bos);
        var prefixes = PrefixSet.Enumerate(process, layout);
        Assert.Equal(bos ? 0 : 1, prefixes.MinLength);
        int total = 0;
        for (int length = prefixes.MinLength; length <= prefixes.MaxLength; length++)
        {
            double sum = 0;
            int start = prefixes.LevelStart(length), count = prefixes.LevelCount(length);
            total += count;
            for (int i = start; i < start + count; i++)
            {
                var word = prefixes.Prefix(i).ToArray();
                Assert.Equal(length, word.Length);
                Assert.Equal(bos ? length : length - 1, prefixes.Position(i));
                double p = prefixes.Probability(i);
                Assert.True(p > 0);
                Assert.Equal(TestSupport.WordProbability(process, word), p, 1e-15 + 1e-12 * p);
                var belief = BeliefUpdate.After(process, word);
                for (int s = 0; s < process.StateCount; s++)
                    Assert.Equal(belief[s], prefixes.Belief(i)[s], 1e-12);
                int parent = prefixes.Parent(i);
                if (length == prefixes.MinLength) Assert.Equal(-1, parent);
                else Assert.Equal(word[..^1], prefixes.Prefix(parent).ToArray());
                if (i > start) Assert.True(Compare(prefixes.Prefix(i - 1), word) < 0, "lexicographic order");
                sum += p;
            }
            Assert.Equal(1.0, sum, 1e-12);
        }
        Assert.Equal(total, prefixes.Count);
    }

    [Fact]
    public void WithBosTheEmptyPrefixComesFirstWithTheStationaryBelief()
    {
        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(3, 3, bos: true));
        Assert.Equal(1 + 3 + 9, prefixes.Count);
        Assert.Equal(0, prefixes.Length(0));
        Assert.Equal(0, prefixes.Position(0));
        Assert.Equal(1.0, prefixes.Probability(0));
        Assert.Equal(process.Stationary.ToArray(), prefixes.Belief(0).ToArray());
        Assert.Equal(0, prefixes.Parent(1));
    }

    [Fact]
    public void TooManyPrefixesIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() =>
            PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(10, 3), maxCount: 1000));
        Assert.Contains("n_ctx 10", e.Message);
    }

    private static int Compare(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceCompareTo(b);
}
