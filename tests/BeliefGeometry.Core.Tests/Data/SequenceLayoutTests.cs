using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Data;

public class SequenceLayoutTests
{
    [Fact]
    public void WithoutBosInputIsTheFirstTokensAndTargetTheNext()
    {
        var layout = new SequenceLayout(4, 3);
        Assert.Equal(5, layout.WordLength);
        Assert.Equal(3, layout.VocabularySize);
        var input = new int[4];
        var target = new int[4];
        layout.Split([0, 1, 2, 0, 1], input, target);
        Assert.Equal([0, 1, 2, 0], input);
        Assert.Equal([1, 2, 0, 1], target);
    }

    [Fact]
    public void WithBosPositionZeroHoldsBosAndPredictsTheFirstToken()
    {
        var layout = new SequenceLayout(4, 3, bos: true);
        Assert.Equal(4, layout.WordLength);
        Assert.Equal(4, layout.VocabularySize);
        Assert.Equal(3, layout.BosToken);
        var input = new int[4];
        var target = new int[4];
        layout.Split([0, 1, 2, 0], input, target);
        Assert.Equal([3, 0, 1, 2], input);
        Assert.Equal([0, 1, 2, 0], target);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void VisibleTokensCountTheRealTokensUpToEachPosition(bool bos)
    {
        var layout = new SequenceLayout(6, 2, bos);
        var word = Enumerable.Range(0, layout.WordLength).Select(k => k % 2).ToArray();
        var input = new int[6];
        var target = new int[6];
        layout.Split(word, input, target);
        for (int t = 0; t < 6; t++)
        {
            int real = input.Take(t + 1).Count(x => !(bos && x == layout.BosToken));
            Assert.Equal(real, layout.VisibleTokens(t));
            Assert.Equal(word[layout.VisibleTokens(t)], target[t]); // the target is the token after the visible ones
        }
    }

    /// <summary>
    /// The conditional entropy of target[t] given input[0…t], computed from the exact data, must equal the
    /// theory core's loss floor for that position (h(t+2)·ln 2 without BOS, h(t+1)·ln 2 with BOS).
    /// </summary>
    [Theory]
    [InlineData("mess3", false)]
    [InlineData("mess3", true)]
    [InlineData("rrxor", false)]
    [InlineData("rrxor", true)]
    public void OptimalLossOfEachPositionIsTheTheoryFloor(string spec, bool bos)
    {
        const int n = 6;
        var process = ProcessCatalog.Resolve(spec);
        var layout = new SequenceLayout(n, process.TokenCount, bos);
        var data = ExactDataset.Enumerate(process, layout);
        var theory = ProcessTheory.Compute(process, new TheoryOptions(Depth: n + 1));
        var floors = bos ? theory.LossFloorNatsBos : theory.LossFloorNats;
        var input = new int[n];
        var target = new int[n];
        for (int t = 0; t < n; t++)
        {
            // H[target | prefix] = Σ_prefix P(prefix) H[target | prefix], from joint and prefix masses.
            var joint = new Dictionary<string, double>();
            var prefix = new Dictionary<string, double>();
            for (int i = 0; i < data.WordCount; i++)
            {
                layout.Split(data.Word(i), input, target);
                string key = string.Join(",", input.Take(t + 1));
                joint[key + "|" + target[t]] = joint.GetValueOrDefault(key + "|" + target[t]) + data.Probability(i);
                prefix[key] = prefix.GetValueOrDefault(key) + data.Probability(i);
            }
            double entropy = 0;
            foreach (var (key, p) in joint) entropy -= p * Math.Log(p / prefix[key[..key.IndexOf('|')]]);
            Assert.Equal(floors[t], entropy, 1e-10);
        }
    }

    [Fact]
    public void RejectsContextBelowOne()
    {
        Assert.Throws<InputException>(() => new SequenceLayout(0, 3));
    }
}
