using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// Catalog specs: canonical specs that parse back to the same process, integer, vector and matrix parameters, and
/// bad parameters refused in one line naming them.
/// </summary>
public class CatalogSpecTests
{
    public static TheoryData<string> Names => [.. ProcessCatalog.Entries.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void TheDefaultSpecRoundTrips(string name)
    {
        var entry = ProcessCatalog.Entries.Single(e => e.Name == name);
        var process = ProcessCatalog.Parse(name);
        Assert.Equal(entry.DefaultSpec, process.Name);
        AssertSameProcess(process, ProcessCatalog.Parse(process.Name));
    }

    [Theory]
    [InlineData("checksum: probs = [[0.5, 0.5], [0.25, 0.75]]", "checksum:probs=[[0.5,0.5],[0.25,0.75]]")]
    [InlineData("checksum:probs=[[0.1,0.2,0.7]]", "checksum:probs=[[0.1,0.2,0.7]]")]
    [InlineData("matching_parens:open_probs=[1, 0.3 ,0.9]", "matching_parens:open_probs=[1,0.3,0.9]")]
    [InlineData("cycle:p=0.25,n=4.0", "cycle:n=4,p=0.25")]
    [InlineData("mess:s=5", "mess:x=0.05,a=0.85,s=5")]
    [InlineData("MOON:beta=0.3", "moon:alpha=2.718281828459045,beta=0.3")]
    [InlineData("bloch_walk:measurement_angle=0.1", "bloch_walk:measurement_angle=0.1,p_z_axis=0.5")]
    [InlineData("fanizza:lambda=0.1,", "fanizza:alpha=2000,lambda=0.1")]
    [InlineData("quantum_rrxor:theta=0.30000000000000004", "quantum_rrxor:phi=0.7,theta=0.30000000000000004")]
    public void SpecsAreCanonical(string spec, string canonical)
    {
        var process = ProcessCatalog.Parse(spec);
        Assert.Equal(canonical, process.Name);
        AssertSameProcess(process, ProcessCatalog.Parse(canonical));
    }

    [Theory]
    [InlineData("mess:x=0.7", "parameters 'x' = 0.7 and 's' = 3 make the probability of staying, 1 − (s − 1)·x, negative; x must be at most 1/(s − 1)")]
    [InlineData("mess:x=0.4,s=4", "parameters 'x' = 0.4 and 's' = 4 make")]
    [InlineData("mess:s=1", "parameter 's' = 1 is out of range; allowed: an integer in [2, 100]")]
    [InlineData("cycle:n=2.5", "parameter 'n' = 2.5 is not an integer; allowed: an integer in [1, 100]")]
    [InlineData("cycle:n=1000", "parameter 'n' = 1000 is out of range")]
    [InlineData("cycle:n=abc", "parameter 'n' = 'abc' is not a number")]
    [InlineData("coin:p=[0.5]", "parameter 'p' = '[0.5]' is not a number; allowed range [0, 1]")]
    [InlineData("coin:p=-0.1", "parameter 'p' = -0.1 is out of range; allowed range [0, 1]")]
    [InlineData("checksum:probs=[[0.5,0.4],[1,0]]", "parameter 'probs' = [[0.5,0.4],[1,0]] has row 1 summing to 0.9; each row must sum to 1")]
    [InlineData("checksum:probs=[[0.5,0.5],[1]]", "parameter 'probs' = '[[0.5,0.5],[1]]' has rows of different lengths")]
    [InlineData("checksum:probs=[0.5,0.5]", "parameter 'probs' = '[0.5,0.5]' is not a matrix")]
    [InlineData("checksum:probs=[[0.5,x]]", "parameter 'probs' = '[[0.5,x]]' is not a matrix")]
    [InlineData("checksum:probs=[[-0.5,1.5]]", "parameter 'probs' = [[-0.5,1.5]] has entry 1 = -0.5 out of range; allowed: entries in [0, 1]")]
    [InlineData("checksum:probs=[[0.5,0.5],[0.5,0.5]", "its brackets do not pair up")]
    [InlineData("checksum:probs=[[0.5,0.5]]]", "its brackets do not pair up")]
    [InlineData("matching_parens:open_probs=[0.5,1]", "parameter 'open_probs' = [0.5,1] starts with 0.5; it must start with 1, since depth 0 can only open")]
    [InlineData("matching_parens:open_probs=[1,0]", "parameter 'open_probs' = [1,0] has entry 2 = 0 out of range; allowed: entries in (0, 1]")]
    [InlineData("matching_parens:open_probs=1", "parameter 'open_probs' = '1' is not a list of numbers")]
    [InlineData("matching_parens:open_probs=[]", "parameter 'open_probs' = '[]' is not a list of numbers")]
    [InlineData("mr_name:p=0.8,q=0.4", "parameters 'p' = 0.8 and 'q' = 0.4 sum to 1.2; p + q must be at most 1")]
    [InlineData("mr_name:p=0,q=0", "with parameters 'p' = 0 and 'q' = 0, the process has 2 stationary distributions")]
    [InlineData("sns:q=0,p=0", "with parameters 'p' = 0 and 'q' = 0, the process has 2 stationary distributions")]
    [InlineData("moon:alpha=1.5,beta=0.5", "parameters 'alpha' = 1.5 and 'beta' = 0.5 make α + β = 2; the moon process needs α + β ≠ 2")]
    [InlineData("moon:alpha=0.5", "parameter 'alpha' = 0.5 is out of range; allowed range (1, ∞)")]
    [InlineData("moon:alpha=7.38905609893065,beta=0.36787944117144233", "make ln α/ln β = -2, an integer; the moon process needs an irrational ratio")]
    [InlineData("post_quantum:log_alpha=2,beta=0.36787944117144233", "parameters 'log_alpha' = 2 and 'beta' = 0.36787944117144233 make ln α/ln β = -2")]
    [InlineData("fanizza:alpha=2000,lambda=0.75", "with parameters 'alpha' = 2000 and 'lambda' = 0.75, the word '0 0' gets probability -0.0973")]
    [InlineData("fanizza:lambda=1", "parameter 'lambda' = 1 is out of range; allowed range [0, 1)")]
    [InlineData("bloch_walk:p_z_axis=1", "parameter 'p_z_axis' = 1 is out of range; allowed range (0, 1)")]
    [InlineData("bloch_walk:measurement_angle=0", "parameter 'measurement_angle' = 0 is out of range; allowed range (0, π]")]
    [InlineData("quantum_rrxor:phi=0", "parameter 'phi' = 0 is out of range; allowed range (0, 2π)")]
    [InlineData("tom_quantum:beta=0", "parameter 'beta' = 0 is out of range; allowed range (0, ∞)")]
    [InlineData("leaky_rrxor:epsilon=1.5", "parameter 'epsilon' = 1.5 is out of range; allowed range [0, 1]")]
    [InlineData("days_of_week:p=1", "unknown parameter 'p' for days_of_week; it takes no parameters")]
    [InlineData("even_ones:q=1", "unknown parameter 'q' for even_ones; allowed: p")]
    public void BadParametersAreRefusedInOneLineNamingThem(string spec, string expected)
    {
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(spec));
        Assert.StartsWith($"process '{spec}': ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void VectorsAndMatricesHaveAtMostAHundredEntries()
    {
        string row = "[" + string.Join(",", Enumerable.Repeat("0.5", 101)) + "]";
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Parse($"matching_parens:open_probs={row}"));
        Assert.EndsWith("parameter 'open_probs' has 101 entries; at most 100 are supported", e.Message);
        Assert.DoesNotContain(row, e.Message); // the spec is abbreviated
    }

    internal static void AssertSameProcess(HiddenMarkovProcess a, HiddenMarkovProcess b)
    {
        Assert.Equal(a.Name, b.Name);
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.States, b.States);
        for (int x = 0; x < a.TokenCount; x++)
            Assert.Equal(a.TokenMatrixArray(x), b.TokenMatrixArray(x));
    }
}
