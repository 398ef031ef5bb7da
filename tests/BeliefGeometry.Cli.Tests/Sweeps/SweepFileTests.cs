using System.Text.Json;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Cli.Pipeline.Sweeps;

namespace BeliefGeometry.Cli.Tests.Sweeps;

/// <summary>Sweep files: the points a grid and a list make, their names and overrides, and every refusal (one line, exit 2, nothing written).</summary>
public sealed class SweepFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private SweepPlan Parse(string json)
    {
        _files.Write("tiny.json", TinyExperiment.Json);
        return SweepFile.Load(_files.Write("sweep.json", json));
    }

    [Fact]
    public void AGridIsTheProductOfItsAxesInOrderAfterTheSharedOverrides()
    {
        var plan = Parse("""
            { "name": "s", "experiment": "tiny.json", "set": { "training.steps": 3 },
              "grid": { "size": { "small": { "model.d_model": 8 }, "wide": { "model.d_model": 16, "model.d_mlp": 64 } }, "seed": [0, 1, 2] } }
            """);
        Assert.Equal(Path.Combine(_files.Directory, "tiny.json"), plan.Experiment);
        Assert.Equal(["size=small,seed=0", "size=small,seed=1", "size=small,seed=2", "size=wide,seed=0", "size=wide,seed=1", "size=wide,seed=2"],
            plan.Points.Select(p => p.Name));
        Assert.Equal(["training.steps=3", "model.d_model=16", "model.d_mlp=64", "seed=1"], plan.Points[4].Sets);
        Assert.Equal([new KeyValuePair<string, string>("size", "wide"), new("seed", "1")], plan.Points[4].Settings);
        Assert.Equal(Enumerable.Range(0, 6), plan.Points.Select(p => p.Index));
    }

    [Fact]
    public void ListedPointsAreCrossedWithTheGridAndNamedAfterTheirOverrides()
    {
        var plan = Parse("""
            { "name": "s", "experiment": "tiny.json",
              "grid": { "seed": [0, 1] },
              "points": [ { "process": "mess3:x=0.1,a=0.6" }, { "training.lr": 0.003, "data.bos": true, "model.d_vocab": 4 } ] }
            """);
        Assert.Equal(["seed=0,point=process=mess3:x=0.1,a=0.6", "seed=0,point=training.lr=0.003,data.bos=true,model.d_vocab=4",
            "seed=1,point=process=mess3:x=0.1,a=0.6", "seed=1,point=training.lr=0.003,data.bos=true,model.d_vocab=4"], plan.Points.Select(p => p.Name));
        Assert.Equal(["seed=1", "process=mess3:x=0.1,a=0.6"], plan.Points[2].Sets);
    }

    [Fact]
    public void StringsThatReadAsJsonAreQuotedAndObjectsAreCompactWithoutComments()
    {
        var plan = Parse("""
            { "name": "s", "experiment": "tiny.json",
              "grid": { "name": ["123", "plain"],
                        "arch": { "gru": { "model": { "kind": "gru", // a comment
                                                     "hidden_size": 8, "d_vocab": 3, "n_ctx": 4, } } } } }
            """);
        Assert.Equal("name=\"123\"", plan.Points[0].Sets[0]);
        Assert.Equal("name=plain", plan.Points[1].Sets[0]);
        Assert.Equal("model={\"kind\":\"gru\",\"hidden_size\":8,\"d_vocab\":3,\"n_ctx\":4}", plan.Points[0].Sets[1]);
    }

    [Fact]
    public void APointNameKeepsToDirectoryCharactersAndALongOneEndsInAHash()
    {
        string label = new('L', 200);
        var plan = Parse($$"""
            { "name": "s", "experiment": "tiny.json", "grid": { "x": { "{{label}}": { "seed": 1 }, "{{label}}M": { "seed": 2 } } } }
            """);
        Assert.Equal(["seed=1"], plan.Points[0].Sets);
        Assert.All(plan.Points, p => Assert.Equal(160, p.Name.Length));
        Assert.StartsWith("x=LLL", plan.Points[0].Name);
        Assert.NotEqual(plan.Points[0].Name, plan.Points[1].Name); // the hash tells the two apart
        Assert.Matches("-[0-9a-f]{8}$", plan.Points[0].Name);
        var odd = Parse("""{ "name": "s", "experiment": "tiny.json", "grid": { "x": { "a b/c": { "seed": 1 } } } }""");
        Assert.Equal("x=a_b_c", odd.Points[0].Name);
    }

    [Fact]
    public void ThePlanIsSavedAndAChangedPointIsRefusedInTheSameDirectory()
    {
        var plan = Parse("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [0, 1] } }""");
        string directory = Path.Combine(_files.Directory, "out");
        plan.Save(directory);
        using (var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, SweepPlan.FileName))))
            Assert.Equal(["seed=0", "seed=1"], saved.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        plan.Save(directory); // the same plan continues
        var changed = plan with { Points = [plan.Points[0] with { Sets = ["seed=0", "training.lr=0.1"] }] };
        var e = Assert.Throws<InputException>(() => changed.Save(directory));
        Assert.Contains("ran point 'seed=0' with other overrides", e.Message);
    }

    [Theory]
    [InlineData("seeds-sizes", 6, "size=d64,seed=2")]
    [InlineData("architectures", 36, "architecture=rnn,process=moon,seed=2")]
    public void TheBuiltInSweepsResolveEveryPoint(string name, int points, string last)
    {
        var plan = SweepFile.Parse(BuiltInExperiments.FindSweep(name)!, $"built-in sweep '{name}'", _files.Directory);
        Assert.Equal(points, plan.Points.Count);
        Assert.Equal(last, plan.Points[^1].Name);
        Assert.Equal("mess3", plan.Experiment);
    }

    [Theory]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "training.nope": [1, 2] } }""",
        "point 'training.nope=1': experiment", "unknown field 'training.nope'")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "arch": { "x": { "modle.kind": "gru" } } } }""",
        "point 'arch=x'", "unknown field 'modle.kind'")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": {} }""", "field 'grid' is empty", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [] } }""", "grid axis 'seed' is empty", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "points": [] }""", "field 'points' is empty", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json" }""", "it has no 'grid' and no 'points'", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [1, 1] } }""", "point 'seed=1' repeats point 'seed=1'", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [1] }, "points": [ {}, {} ] }""", "repeats point", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "x": { "a/b": { "seed": 1 }, "a_b": { "seed": 2 } } } }""", "are both named 'x=a_b'", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": 3 } }""", "grid axis 'seed' is 3; allowed: an array", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [0] }, "sets": {} }""", "unknown field 'sets'; allowed: name, experiment, set, grid, points", "")]
    [InlineData("""{ "experiment": "tiny.json", "grid": { "seed": [0] } }""", "field 'name' is missing", "")]
    [InlineData("""{ "name": "a b", "experiment": "tiny.json", "grid": { "seed": [0] } }""", "field 'name' is \"a b\"", "")]
    [InlineData("""{ "name": "s", "experiment": "missing.json", "grid": { "seed": [0] } }""", "point 'seed=0'", "missing.json")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "training.lr": [-1] } }""", "field 'training.lr' is -1", "")]
    [InlineData("""{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [0] }, }, }""", "malformed JSON", "")]
    public void BadSweepFilesAreOneLineWithExitCode2AndNothingWritten(string json, string expected, string alsoExpected)
    {
        _files.Write("tiny.json", TinyExperiment.Json);
        string sweep = _files.Write("sweep.json", json);
        string output = Path.Combine(_files.Directory, "out");
        var result = CliRun.Of("sweep", sweep, "--out", output);
        result.AssertRefused(expected);
        Assert.Contains(alsoExpected, result.Stderr);
        Assert.StartsWith($"belief: error: sweep '{sweep}'", result.Stderr);
        Assert.False(Directory.Exists(output), "nothing is written");
    }

    [Theory]
    [InlineData(new[] { "--jobs", "0" }, "option '--jobs' is 0")]
    [InlineData(new[] { "--threads", "0" }, "option '--threads' is 0")]
    [InlineData(new[] { "--emit" }, "option '--emit' needs '--slurm'")]
    [InlineData(new[] { "--merge", "--slurm" }, "exclude each other")]
    [InlineData(new[] { "--slurm", "--emit", "--sbatch", "partition=x" }, "option '--sbatch' is 'partition=x'")]
    public void BadOptionsAreOneLineWithExitCode2(string[] options, string expected)
    {
        _files.Write("tiny.json", TinyExperiment.Json);
        string sweep = _files.Write("sweep.json", """{ "name": "s", "experiment": "tiny.json", "grid": { "seed": [0] } }""");
        string output = Path.Combine(_files.Directory, "out");
        CliRun.Of(["sweep", sweep, "--out", output, .. options]).AssertRefused(expected);
        Assert.False(Directory.Exists(output));
    }
}
