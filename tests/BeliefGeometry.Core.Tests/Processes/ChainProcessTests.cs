using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Processes;

/// <summary>Chain-conditional factored processes (docs/design.md section 1.9), against the catalog's formula run factor by factor.</summary>
public class ChainProcessTests
{
    private const string Chain = """
        { "name": "chain", "chain": [
            { "variants": ["golden_mean:p=0.3"] },
            { "variants": ["mess3:x=0.05,a=0.85", "mess3:x=0.15,a=0.6"], "control_map": [1, 0] } ] }
        """;

    /// <summary>
    /// P(x) = P₀(x₀ | η₀) · P₁(x₁ | η₁, cm[x₀]) with each factor's belief updated by its own selected variant, computed
    /// here with the factors' own processes only; the joint GHMM's word law and factor readouts must agree.
    /// </summary>
    [Fact]
    public void WordLawAndFactorBeliefsFollowTheControlMap()
    {
        var chain = ProcessFile.Parse(Chain, "test", "chain");
        var golden = ProcessCatalog.Resolve("golden_mean:p=0.3");
        HiddenMarkovProcess[] mess3 = [ProcessCatalog.Resolve("mess3:x=0.05,a=0.85"), ProcessCatalog.Resolve("mess3:x=0.15,a=0.6")];
        int[] map = [1, 0];
        Assert.Equal(6, chain.TokenCount);
        var readouts = BeliefReadout.For(chain);
        var random = new Random(3);
        for (int trial = 0; trial < 40; trial++)
        {
            var word = Enumerable.Range(0, 5).Select(_ => random.Next(6)).ToArray();
            var g = golden.InitialState.ToArray();
            var m = mess3[0].InitialState.ToArray(); // variant 0's initial state
            double expected = 1;
            foreach (int x in word)
            {
                int x0 = x / 3, x1 = x % 3;
                var next0 = new double[2];
                var next1 = new double[3];
                expected *= BeliefUpdate.Update(golden, g, x0, next0);
                expected *= BeliefUpdate.Update(mess3[map[x0]], m, x1, next1);
                if (expected == 0) break;
                (g, m) = (next0, next1);
            }
            Assert.Equal(expected, BeliefUpdate.Probability(chain, word), 12);
            if (expected == 0) continue;
            var joint = BeliefUpdate.After(chain, word);
            var read0 = new double[2];
            var read1 = new double[3];
            readouts[0].Apply(joint, read0);
            readouts[1].Apply(joint, read1);
            Assert.Equal(g, read0, new TestSupport.Within(1e-12));
            Assert.Equal(m, read1, new TestSupport.Within(1e-12));
        }
    }

    [Fact]
    public void AChainOfOneVariantEachIsTheProduct()
    {
        var chain = ProcessFile.Parse("""{ "chain": [ { "variants": ["even"] }, { "variants": ["rrxor"] } ] }""", "test", "c");
        var product = ProcessCatalog.Resolve("even*rrxor");
        foreach (var word in TestSupport.Words(4, 4))
            Assert.Equal(TestSupport.WordProbability(product, word), TestSupport.WordProbability(chain, word), 14);
    }

    [Theory]
    [InlineData("""{ "chain": [ { "variants": ["mess3"] } ] }""", "a chain needs at least two")]
    [InlineData("""{ "chain": [ { "variants": ["even"] }, { "variants": ["mess3", "mess3:x=0.1"] } ] }""", "'chain[1].control_map' is missing")]
    [InlineData("""{ "chain": [ { "variants": ["even"] }, { "variants": ["mess3", "mess3:x=0.1"], "control_map": [0] } ] }""", "has 1 entries; give one per token of factor 0 (2)")]
    [InlineData("""{ "chain": [ { "variants": ["even"] }, { "variants": ["mess3", "mess3:x=0.1"], "control_map": [0, 2] } ] }""", "'chain[1].control_map[1]' is 2")]
    [InlineData("""{ "chain": [ { "variants": ["even"] }, { "variants": ["mess3", "rrxor"], "control_map": [0, 1] } ] }""", "every variant of a factor must have the states and tokens")]
    [InlineData("""{ "chain": [ { "variants": ["even"] }, { "variants": ["nope"] } ] }""", "field 'chain[1].variants': process 'nope'")]
    [InlineData("""{ "chain": [ { "variants": ["even"], "control_map": [0] }, { "variants": ["even"] } ] }""", "the first factor has no previous factor")]
    public void BadChainsAreRefusedInOneLine(string json, string expected)
    {
        var error = Assert.Throws<ProcessException>(() => ProcessFile.Parse(json, "process file 'c.json'", "c"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("process file 'c.json'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}

/// <summary>Factored processes combined with the other new structures: initial states, chains inside products, self-reference.</summary>
public class FactoredCombinationTests
{
    [Fact]
    public void AChainFileThatNamesItselfIsRefusedInOneLine()
    {
        string dir = Path.Combine(Path.GetTempPath(), "chain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "c.json");
            File.WriteAllText(path, """{ "chain": [ { "variants": ["./c.json"] }, { "variants": ["mess3"] } ] }""");
            var error = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(path));
            Assert.Contains("names itself", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A product keeps its factors' initial states: η₀ = η₀(a) ⊗ η₀(b), so its word law is the product of theirs.</summary>
    [Fact]
    public void AProductStartsWhereItsFactorsStart()
    {
        var rrxor = ProcessCatalog.Resolve("rrxor");
        var fromZ = new HiddenMarkovProcess("rrxor from Z", rrxor.Tokens, rrxor.States,
            Enumerable.Range(0, 2).Select(rrxor.TokenMatrixArray).ToArray(), initialState: [0, 1, 0, 0, 0]);
        var golden = ProcessCatalog.Resolve("golden_mean:p=0.3");
        var product = ProductProcess.Of([fromZ, golden]);
        Assert.True(product.HasInitialState);
        foreach (var word in TestSupport.Words(4, 3))
            Assert.Equal(TestSupport.WordProbability(fromZ, word.Select(x => x / 2).ToArray()) * TestSupport.WordProbability(golden, word.Select(x => x % 2).ToArray()),
                TestSupport.WordProbability(product, word), 14);
        Assert.False(BeliefGeometry.Theory.ProductTheory.Applies(ProductProcess.Of([fromZ, golden, golden, golden, golden, golden]), 10));
    }

    /// <summary>A chain inside a product stays one factor (its factors are not independent), and the product is not composed per factor from them.</summary>
    [Fact]
    public void AChainInsideAProductIsOneFactor()
    {
        var chain = ProcessFile.Parse("""{ "chain": [ { "variants": ["even"] }, { "variants": ["mess3", "mess3:x=0.15,a=0.6"], "control_map": [0, 1] } ] }""", "test", "c");
        Assert.False(chain.FactorsIndependent);
        var product = ProductProcess.Of([chain, ProcessCatalog.Resolve("coin")]);
        Assert.Equal(2, product.Factors!.Count);
        Assert.Same(chain, product.Factors[0]);
    }

    [Fact]
    public void HugeMixtureWeightsAreNormalisedWithoutOverflow()
    {
        var mixture = ProcessCatalog.Resolve("1e308@mess3+1e308@mess3:x=0.15,a=0.6");
        Assert.Equal([0.5, 0.5], mixture.Components!.Weights);
    }
}

/// <summary>A chain's factor specs that combine files are read from the chain file's directory, component by component.</summary>
public class ChainFilePathTests
{
    [Fact]
    public void RelativeFilesInsideCompoundVariantSpecsAreReadFromTheChainFilesDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "chain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "sub", "g.json"), """
                { "tokens": ["0", "1"], "states": ["A", "B"], "matrices": { "0": [[0.5, 0], [1, 0]], "1": [[0, 0.5], [0, 0]] } }
                """);
            string chain = Path.Combine(dir, "c.json");
            File.WriteAllText(chain, """{ "chain": [ { "variants": ["coin*sub/g.json"] }, { "variants": ["0.5@sub/g.json+0.5@even"] } ] }""");
            var process = ProcessCatalog.Resolve(chain); // from another working directory than dir
            Assert.Equal(2 * 2 * 2, process.TokenCount);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
