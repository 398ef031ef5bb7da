using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Core.Tests.Export;

public sealed class PrefixSetExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prefix-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesBeliefsProbabilitiesLengthsAndPaddedTokens(bool bos)
    {
        var process = ProcessCatalog.Resolve("mess3");
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(3, process.TokenCount, bos));
        PrefixSetExport.WriteAll(prefixes, _dir);
        int n = prefixes.Count, width = Math.Max(prefixes.MaxLength, 1);

        var beliefs = Npy.Read(Path.Combine(_dir, PrefixSetExport.BeliefsFile));
        Assert.Equal([(long)n, prefixes.StateCount], beliefs.Shape);
        Assert.Equal(prefixes.Beliefs.ToArray(), beliefs.ToArray<double>());

        var probabilities = Npy.Read(Path.Combine(_dir, PrefixSetExport.ProbabilitiesFile));
        Assert.Equal([(long)n], probabilities.Shape);
        Assert.Equal(prefixes.Probabilities.ToArray(), probabilities.ToArray<double>());

        var lengths = Npy.Read(Path.Combine(_dir, PrefixSetExport.LengthsFile)).ToArray<int>();
        var tokens = Npy.Read(Path.Combine(_dir, PrefixSetExport.TokensFile));
        Assert.Equal([(long)n, width], tokens.Shape);
        var t = tokens.ToArray<int>();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(prefixes.Length(i), lengths[i]);
            for (int j = 0; j < width; j++)
                Assert.Equal(j < lengths[i] ? prefixes.Prefix(i)[j] : -1, t[i * width + j]);
        }
        if (bos) Assert.Equal(0, lengths[0]);
    }
}
