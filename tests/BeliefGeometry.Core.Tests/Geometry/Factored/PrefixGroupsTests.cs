using BeliefGeometry.Data;
using BeliefGeometry.Geometry.Factored;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Geometry.Factored;

/// <summary>The groups of prefixes with every other factor frozen, against the factors' words decoded by hand.</summary>
public class PrefixGroupsTests
{
    [Theory]
    [InlineData("mess3*golden_mean", 4, false)]
    [InlineData("golden_mean*rrxor*even", 3, true)]
    public void AGroupIsALengthAndTheOtherFactorsWords(string spec, int nCtx, bool bos)
    {
        var process = ProcessCatalog.Resolve(spec);
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(nCtx, process.TokenCount, bos));
        var factors = process.Factors!;
        for (int k = 0; k < factors.Count; k++)
        {
            var groups = PrefixGroups.OthersFrozen(prefixes, k);
            // The key of a prefix: its length and the words of every factor but k.
            var keys = Enumerable.Range(0, prefixes.Count).Select(i => prefixes.Length(i) + ":" + string.Join("|",
                Enumerable.Range(0, factors.Count).Where(j => j != k).Select(j => string.Join(",", prefixes.Prefix(i).ToArray().Select(x => Coordinate(x, factors, j)))))).ToArray();
            // Same key ⇔ same group, and ids are 0, 1, … in order of first appearance.
            var byKey = new Dictionary<string, int>();
            for (int i = 0; i < prefixes.Count; i++)
            {
                if (!byKey.TryGetValue(keys[i], out int id)) byKey[keys[i]] = id = byKey.Count;
                Assert.Equal(id, groups[i]);
            }
        }
        Assert.Equal(Enumerable.Range(0, prefixes.Count).Select(i => prefixes.Length(i) - prefixes.MinLength), PrefixGroups.ByLength(prefixes));
    }

    [Fact]
    public void AProcessThatIsNotAProductHasNoFactorsToFreeze()
    {
        var prefixes = PrefixSet.Enumerate(ProcessCatalog.Resolve("mess3"), new SequenceLayout(2, 3));
        Assert.Throws<ArgumentException>(() => PrefixGroups.OthersFrozen(prefixes, 0));
    }

    /// <summary>Factor j's token in a joint token (row-major in the factors, the last varies fastest).</summary>
    private static int Coordinate(int token, IReadOnlyList<HiddenMarkovProcess> factors, int j)
    {
        for (int i = factors.Count - 1; i > j; i--) token /= factors[i].TokenCount;
        return token % factors[j].TokenCount;
    }
}
