using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Processes;

public class ProcessFileTests
{
    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeliefGeometry.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    [Fact]
    public void DocumentedExampleLoads()
    {
        var process = ProcessCatalog.Resolve(RepositoryFile("processes/noisy_channel.json"));
        Assert.Equal("noisy_channel", process.Name);
        Assert.Equal(["A", "B"], process.States);
        Assert.Equal(0.5, process.Stationary[0], 14);
        // Emission on arrival: after a 0 from π = (½, ½) the belief in A is 0.8.
        Assert.Equal(0.8, BeliefUpdate.After(process, [0])[0], 14);
    }

    [Fact]
    public void FileAndCatalogGiveTheSameProcess()
    {
        var catalog = ProcessCatalog.Parse("golden_mean:p=0.3");
        string json = """
            { "tokens": ["0", "1"], "states": ["A", "B"],
              "matrices": { "0": [[0.7, 0], [1, 0]], "1": [[0, 0.3], [0, 0]], }, }  // trailing commas and comments allowed
            """;
        var file = ProcessFile.Parse(json, "test", "golden");
        Assert.Equal("golden", file.Name);
        var a = ProcessTheory.Compute(catalog, new TheoryOptions(Depth: 6));
        var b = ProcessTheory.Compute(file, new TheoryOptions(Depth: 6));
        Assert.Equal(a.BlockEntropyBits, b.BlockEntropyBits);
        Assert.Equal(a.StatisticalComplexityBits, b.StatisticalComplexityBits);
    }

    [Fact]
    public void GeneralizedHmmBySimilarityTransformGivesTheSameWordProbabilities()
    {
        // T'⁽ˣ⁾ = S⁻¹ T⁽ˣ⁾ S has negative entries but the same P(w) = π' T'ʷ τ' (π' = πS, τ' = S⁻¹τ).
        var hmm = ProcessCatalog.Parse("golden_mean:p=0.4");
        var ghmm = TestSupport.GeneralizedGoldenMean();
        Assert.False(ghmm.IsHmm);
        Assert.Contains(Enumerable.Range(0, 2).SelectMany(x => ghmm.TokenMatrixArray(x).Cast<double>()), v => v < 0);
        foreach (var word in TestSupport.Words(2, 6))
            Assert.Equal(TestSupport.WordProbability(hmm, word), TestSupport.WordProbability(ghmm, word), 13);
        var a = ProcessTheory.Compute(hmm, new TheoryOptions(Depth: 6));
        var b = ProcessTheory.Compute(ghmm, new TheoryOptions(Depth: 6));
        for (int l = 0; l <= 6; l++) Assert.Equal(a.BlockEntropyBits[l], b.BlockEntropyBits[l], 12);
        Assert.Equal(a.UniqueBeliefsAtDepth, b.UniqueBeliefsAtDepth);
        Assert.Equal(a.EntropyRateBits, b.EntropyRateBits, 12);
        Assert.Equal(a.StatisticalComplexityBits!.Value, b.StatisticalComplexityBits!.Value, 12);
        Assert.Null(b.SynchronizationBits); // GHMM beliefs are not distributions over states
    }
}
