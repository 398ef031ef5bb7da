using BeliefGeometry.Json;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Tests.Processes;

/// <summary>Hostile process inputs: each refused in one line naming the file or field and what is allowed.</summary>
public class ProcessInputTests
{
    private const string OneState = """{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}}""";

    private static ProcessException ParseFails(string json) =>
        Assert.Throws<ProcessException>(() => ProcessFile.Parse(json, "process file 'p.json'", "p"));

    private static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"process-input-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Theory]
    [InlineData("mess3", false)]
    [InlineData("mess3:x=0.1", false)]
    [InlineData("p.json", true)]
    [InlineData("P.JSON", true)]
    [InlineData("./mess3", true)]
    [InlineData("dir/p", true)]
    [InlineData(@"dir\p", true)]
    public void ASpecIsAPathOnlyWithASeparatorOrJsonEnding(string spec, bool isPath) =>
        Assert.Equal(isPath, ProcessCatalog.IsPath(spec));

    [Fact]
    public void AFileNamedLikeACatalogProcessIsReadOnlyAsAPath()
    {
        string dir = TempDirectory();
        try
        {
            string file = Path.Combine(dir, "mess3");
            File.WriteAllText(file, OneState);
            Assert.Equal(1, ProcessCatalog.Resolve(file).StateCount); // the path: the file
            Assert.Equal(3, ProcessCatalog.Resolve("mess3").StateCount); // the bare name: the catalog
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ADirectoryIsNamedAsOne()
    {
        string dir = TempDirectory();
        try
        {
            var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(dir + "/"));
            Assert.Equal($"process file '{dir}/': is a directory; give the path of a process JSON file", e.Message);
        }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void ADeviceIsRefusedAfterTheSizeLimit()
    {
        if (!File.Exists("/dev/zero")) return; // not a Unix system
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve("/dev/zero"));
        Assert.Equal("process file '/dev/zero': gives more than 16,777,216 bytes (not a regular file?); a process file must be a regular file of at most 16 MiB", e.Message);
    }

    [Fact]
    public void ALargeFileIsRefusedByItsSize()
    {
        string dir = TempDirectory();
        try
        {
            string file = Path.Combine(dir, "big.json");
            using (var stream = File.Create(file)) stream.SetLength(ProcessFile.MaxFileBytes + 1L);
            var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve(file));
            Assert.EndsWith("is 16,777,217 bytes; a process file must be a regular file of at most 16 MiB", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void TooManyStatesAreRefusedBeforeTheMatrices()
    {
        string states = string.Join(", ", Enumerable.Range(0, 1001).Select(i => $"\"s{i}\""));
        var e = ParseFails($$$"""{"tokens": ["0"], "states": [{{{states}}}], "matrices": {}}""");
        Assert.Equal("process file 'p.json': field 'states' has 1,001 names; at most 1,000 states are supported", e.Message);
    }

    [Fact]
    public void AFieldGivenTwiceIsNamedWithItsLineAndPosition()
    {
        var e = ParseFails("{\n  \"states\": [\"A\"],\n  \"tokens\": [\"0\"],\n  \"tokens\": [\"1\"]\n}");
        Assert.Equal("process file 'p.json': a field is given twice: 'tokens' at line 4, position 3; each field may appear once in an object", e.Message);
        var nested = ParseFails("""{"tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]], "0": [[1]]}}""");
        Assert.Contains("a field is given twice: 'matrices.0' at line 1, position 61", nested.Message);
    }

    [Fact]
    public void DeepNestingIsNamedAsSuch()
    {
        var e = ParseFails(new string('[', 100_000) + new string(']', 100_000));
        Assert.Equal("process file 'p.json': nested too deeply at line 1, position 65; at most 64 levels of objects and arrays are allowed", e.Message);
    }

    [Fact]
    public void LongTextIsRefusedOrAbbreviated()
    {
        var description = ParseFails($$$"""{"description": "{{{new string('d', 50_000)}}}", "tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}}""");
        Assert.Equal("process file 'p.json': field 'description' has 50,000 characters; at most 1,000 are allowed", description.Message);
        var field = ParseFails($$$"""{"{{{new string('f', 1_000_000)}}}": 1, "tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}}""");
        Assert.Equal($"process file 'p.json': unknown field '{new string('f', 80)}… (1,000,000 characters)'; allowed fields: name, description, kind, tokens, states, matrices, initial_state", field.Message);
        var token = ParseFails($$$"""{"tokens": ["{{{new string('t', 101)}}}"], "states": ["A"], "matrices": {}}""");
        Assert.Contains("field 'tokens' has a name of 101 characters", token.Message);
        Assert.True(Abbreviation.Of(new string('x', 10_000_000)).Length < 120);
    }

    [Theory]
    [InlineData("tokens", "a\\nb", "U+000A")]
    [InlineData("tokens", "a\\u0000", "U+0000")]
    [InlineData("tokens", "a\\tb", "U+0009")]
    [InlineData("states", "\\u202eA", "U+202E")]
    [InlineData("states", "A\\u2028", "U+2028")]
    public void NamesThatBreakTablesAreRefused(string field, string name, string character)
    {
        string tokens = field == "tokens" ? $"\"{name}\"" : "\"0\"";
        string states = field == "states" ? $"\"{name}\"" : "\"A\"";
        string key = field == "tokens" ? name : "0";
        var e = ParseFails($$$"""{"tokens": [{{{tokens}}}], "states": [{{{states}}}], "matrices": {"{{{key}}}": [[1]]}}""");
        Assert.StartsWith($"process file 'p.json': field '{field}' contains the character {character}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public void ANameOrDescriptionOnSeveralLinesIsRefused()
    {
        var e = ParseFails("""{"name": "two\nlines", "tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}}""");
        Assert.StartsWith("process file 'p.json': field 'name' contains the character U+000A", e.Message);
        var d = ParseFails("""{"description": "two\r\nlines", "tokens": ["0"], "states": ["A"], "matrices": {"0": [[1]]}}""");
        Assert.StartsWith("process file 'p.json': field 'description' contains the character U+000D", d.Message);
    }

    [Fact]
    public void AnUnknownNameThatIsADirectoryHereSaysSo()
    {
        // The working directory of the tests is the output folder, which holds no folder named 'nosuch'.
        var e = Assert.Throws<ProcessException>(() => ProcessCatalog.Resolve("nosuch"));
        Assert.EndsWith("(or a path to a process JSON file: with a '/' or ending in .json)", e.Message);
    }
}
