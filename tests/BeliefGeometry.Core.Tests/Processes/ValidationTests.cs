using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Processes;

/// <summary>Every way a process definition can be wrong gives one line naming the source and field.</summary>
public class ValidationTests
{
    [Theory]
    [InlineData("nosuch", "unknown process 'nosuch'")]
    [InlineData("mess3:y=0.1", "unknown parameter 'y'")]
    [InlineData("mess3:x=0.7", "parameter 'x' = 0.7 is out of range; allowed range (0, 0.5]")]
    [InlineData("mess3:x=0", "out of range")]
    [InlineData("mess3:a=1.5", "parameter 'a' = 1.5 is out of range; allowed range [0, 1]")]
    [InlineData("mess3:x=abc", "parameter 'x' = 'abc' is not a number")]
    [InlineData("mess3:x=NaN", "is not a number")]
    [InlineData("mess3:x=Infinity", "is not a number")]
    [InlineData("mess3:x", "'x' is not of the form key=value")]
    [InlineData("z1r:p=0.5", "it takes no parameters")]
    [InlineData("", "the spec is empty")]
    [InlineData("mess3:x=0.1,x=0.2", "parameter 'x' is given twice")]
    [InlineData("z1r*z1r", "the components share a period, so the product is not ergodic")]
    [InlineData("mess3*mess3*mess3*mess3*mess3*mess3", "729 states and 729 tokens need 387,420,489 matrix entries; at most 67,108,864 are supported")]
    public void BadCatalogSpecs(string spec, string expected)
    {
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(spec));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{"tokens": [], "states": ["A"], "matrices": {}}""", "field 'tokens' is empty")]
    [InlineData("""{"tokens": ["0"], "states": [], "matrices": {"0": []}}""", "field 'states' is empty")]
    [InlineData("""{"tokens": ["0", "0"], "states": ["A"], "matrices": {"0": [[1]]}}""", "field 'tokens' names '0' twice")]
    [InlineData("""{"tokens": ["0", "1"], "states": ["A"], "matrices": {"0": [[1]]}}""", "field 'matrices.1' is missing")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]], "2": [[0]]}}""", "field 'matrices.2' names no token")]
    [InlineData("""{"tokens": ["0"], "states": ["A", "B"], "matrices": {"0": [[0.5, 0.5, 0], [0.5, 0.5, 0]]}}""", "field 'matrices.0' is 2×3; it must be 2×2")]
    [InlineData("""{"tokens": ["0"], "states": ["A", "B"], "matrices": {"0": [[0.5, 0.5], [1]]}}""", "field 'matrices.0[1]' must be a row of 2 numbers")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [["x"]]}}""", "field 'matrices.0[0][0]' must be a number")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1e999]]}}""", "matrices.0[0][0]")]
    [InlineData("""{"tokens": ["0", "1"], "states": ["A", "B"], "matrices": {"0": [[0.5, -0.1], [0.5, 0]], "1": [[0.3, 0.3], [0, 0.5]]}}""", "field 'matrices.0[0][1]' is -0.1; HMM entries must be ≥ 0")]
    [InlineData("""{"tokens": ["0"], "states": ["A", "B"], "matrices": {"0": [[0.5, 0.5], [0.5, 0.4]]}}""", "row 'B' of T = Σₓ T⁽ˣ⁾ sums to 0.9")]
    [InlineData("""{"tokens": ["0"], "states": ["A", "B", "C"], "matrices": {"0": [[1, 0, 0], [0, 0.5, 0.5], [0, 0.5, 0.5]]}}""", "2 stationary distributions, one per closed class of states {A}, {B, C}")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}, "colour": "red"}""", "unknown field 'colour'")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "kind": "quantum", "matrices": {"0": [[1]]}}""", "field 'kind' is 'quantum'; allowed: hmm, generalized")]
    [InlineData("""{"tokens": "0", "states": ["A"], "matrices": {"0": [[1]]}}""", "field 'tokens' must be an array of strings")]
    [InlineData("""{"states": ["A"], "matrices": {"0": [[1]]}}""", "field 'tokens' is missing")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]""", "malformed JSON at line 1")]
    [InlineData("""{"tokens": ["0"],, }""", "malformed JSON")]
    [InlineData("""[1, 2]""", "the top level must be a JSON object")]
    [InlineData("""{"tokens": ["0"], "tokens": ["1"], "states": ["A"], "matrices": {"1": [[1]]}}""", "a field is given twice")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [1]}}""", "field 'matrices.0' must be an array of rows, each an array of numbers")]
    [InlineData("""{"tokens": ["0", "1"], "states": ["A", "B"], "kind": "generalized", "matrices": {"0": [[1, 0], [0, 0]], "1": [[0, 0], [0, 1]]}}""", "eigenvalue 1 of T = Σₓ T⁽ˣ⁾ has multiplicity 2")]
    [InlineData("""{"tokens": ["0"], "states": ["A"], "kind": "generalized", "matrices": {"0": [[0.5]]}}""", "has no eigenvalue 1")]
    [InlineData("""{"tokens": ["0", "1"], "states": ["A"], "kind": "generalized", "matrices": {"0": [[1.5]], "1": [[-0.5]]}}""", "the word '0' gets probability 1.5")]
    public void BadProcessFiles(string json, string expected)
    {
        var e = Assert.Throws<ProcessException>(() => ProcessFile.Parse(json, "process file 'p.json'", "p"));
        Assert.StartsWith("process file 'p.json': ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DepthBeyondTheNodeLimitIsRefusedBeforeAllocating()
    {
        var e = Assert.ThrowsAny<InputException>(() =>
            BeliefGeometry.Theory.ProcessTheory.Compute(ProcessCatalog.Parse("mess3"), new BeliefGeometry.Theory.TheoryOptions(Depth: 9, MaxNodes: 10_000)));
        Assert.Equal("depth 9: the mixed-state presentation of mess3:x=0.05,a=0.85 would pass 10,000 nodes (depth 8 has 6,561, each with 3 tokens); choose a smaller depth", e.Message);
    }

    [Theory]
    [InlineData(0, 1e-9, "depth 0 is out of range; allowed: 1 to 1,000,000")]
    [InlineData(2_000_000, 1e-9, "depth 2000000 is out of range")]
    [InlineData(5, 0.0, "tolerance 0 is out of range")]
    [InlineData(5, 1e-20, "allowed: 1e-15 ≤ tolerance < 0.5")]
    public void TheoryOptionsOutOfRange(int depth, double tolerance, string expected)
    {
        var e = Assert.Throws<InputException>(() =>
            BeliefGeometry.Theory.ProcessTheory.Compute(ProcessCatalog.Parse("z1r"), new BeliefGeometry.Theory.TheoryOptions(Depth: depth, Tolerance: tolerance)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ProductWhoseLastComponentIsAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"coin-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"tokens": ["h", "t"], "states": ["C"], "matrices": {"h": [[0.5]], "t": [[0.5]]}}""");
        try
        {
            var product = ProcessCatalog.Resolve($"golden_mean*{path}");
            Assert.Equal(4, product.TokenCount);
            Assert.Equal("(1,t)", product.Tokens[3]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve("/no/such/process.json"));
        Assert.Equal("process file '/no/such/process.json': file not found", e.Message);
    }

    [Fact]
    public void CatalogSpecsAreCanonicalWithDefaults()
    {
        Assert.Equal("mess3:x=0.05,a=0.85", ProcessCatalog.Parse("mess3").Name);
        Assert.Equal("mess3:x=0.1,a=0.85", ProcessCatalog.Parse("mess3: x = 0.1").Name);
        Assert.Equal("rrxor:p1=0.5,p2=0.3", ProcessCatalog.Parse("RRXOR:p2=0.3").Name);
        Assert.Equal("z1r", ProcessCatalog.Parse("z1r").Name);
        Assert.Equal(21, ProcessCatalog.Entries.Count);
    }

    [Fact]
    public void Mess3MatricesFollowTheDesign()
    {
        double x = 0.05, a = 0.85, b = (1 - a) / 2, y = 1 - 2 * x;
        var p = ProcessCatalog.Parse("mess3");
        Assert.Equal(a * y, p[0, 0, 0], 15);
        Assert.Equal(b * x, p[0, 0, 1], 15);
        Assert.Equal(a * x, p[0, 1, 0], 15);
        Assert.Equal(b * y, p[0, 1, 1], 15);
        Assert.Equal(a * x, p[1, 0, 1], 15);
        Assert.Equal(a * y, p[2, 2, 2], 15);
        Assert.True(p.IsHmm);
        Assert.False(p.IsUnifilar);
    }
}
