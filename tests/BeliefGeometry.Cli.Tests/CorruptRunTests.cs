using System.Text.Json.Nodes;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// Corrupt run directories: each is one stderr line naming the file and what is wrong, exit 2, no stack trace, and
/// nothing written (probe.json unchanged by a refused probe; no report.html or figures from a refused report).
/// </summary>
public sealed class CorruptRunTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static void AssertOneLine(CliRun result, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Single(result.StderrLines);
        Assert.DoesNotContain("   at ", result.Stderr);
        foreach (string text in expected) Assert.Contains(text, result.Stderr);
    }

    /// <summary>belief probe on a copy whose <paramref name="corrupt"/> was applied; probe.json must be unchanged.</summary>
    private CliRun Probe(Action<string> corrupt)
    {
        string run = fixture.Copy(_files.Directory);
        corrupt(run);
        string probe = File.ReadAllText(Path.Combine(run, "probe.json"));
        var result = CliRun.Of("probe", run);
        Assert.Equal(probe, File.ReadAllText(Path.Combine(run, "probe.json")));
        return result;
    }

    /// <summary>belief report on a copy without report.html and figures/; neither may appear.</summary>
    private CliRun Report(Action<string> corrupt)
    {
        string run = fixture.Copy(_files.Directory);
        File.Delete(Path.Combine(run, "report.html"));
        Directory.Delete(Path.Combine(run, "figures"), recursive: true);
        corrupt(run);
        var result = CliRun.Of("report", run);
        Assert.False(File.Exists(Path.Combine(run, "report.html")));
        Assert.False(Directory.Exists(Path.Combine(run, "figures")));
        return result;
    }

    private static void Truncate(string path) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..(int)(new FileInfo(path).Length / 2)]);

    [Fact]
    public void ATruncatedModelIsNamed() =>
        AssertOneLine(Probe(run => Truncate(Path.Combine(run, "model.safetensors"))), "model.safetensors", "is not a whole safetensors file");

    [Fact]
    public void AGarbageModelIsNamed() =>
        AssertOneLine(Probe(run => File.WriteAllBytes(Path.Combine(run, "model.safetensors"), [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 + 11))])),
            "model.safetensors", "is not a whole safetensors file");

    [Fact]
    public void AModelWithAnUnreadableHeaderIsNamed()
    {
        // A plausible header length followed by text that is not JSON.
        byte[] bytes = [.. BitConverter.GetBytes(16L), .. "not json at all!"u8.ToArray(), .. new byte[64]];
        AssertOneLine(Probe(run => File.WriteAllBytes(Path.Combine(run, "model.safetensors"), bytes)), "model.safetensors", "header");
    }

    [Fact]
    public void AConfigWhoseShapesDoNotMatchTheWeightsIsNamed()
    {
        var result = Probe(run =>
        {
            string path = Path.Combine(run, "config.json");
            var config = JsonNode.Parse(File.ReadAllText(path))!;
            config["model"]!["d_mlp"] = 48;
            File.WriteAllText(path, config.ToJsonString());
        });
        AssertOneLine(result, "model.safetensors", "blocks.0.mlp.W_in", "[16, 32]", "[16, 48]", "config.json", "do not match");
    }

    [Fact]
    public void AConfigWithAnotherLayerCountIsNamed()
    {
        var result = Probe(run =>
        {
            string path = Path.Combine(run, "config.json");
            var config = JsonNode.Parse(File.ReadAllText(path))!;
            config["model"]!["n_layers"] = 2;
            File.WriteAllText(path, config.ToJsonString());
        });
        AssertOneLine(result, "model.safetensors", "has no tensor blocks.1.", "config.json");
    }

    [Fact]
    public void ATruncatedProbeJsonIsNamed() =>
        AssertOneLine(Report(run => Truncate(Path.Combine(run, "probe.json"))), "probe.json", "is not a probe.json written by 'belief probe'");

    [Fact]
    public void AGarbageProbeJsonIsNamed() =>
        AssertOneLine(Report(run => File.WriteAllText(Path.Combine(run, "probe.json"), "{\"results\": [{\"features\": 3}]}")),
            "probe.json", "is not a probe.json written by 'belief probe'");

    [Fact]
    public void AProbeJsonResultWithoutItsScoreIsNamed() =>
        AssertOneLine(Report(run => File.WriteAllText(Path.Combine(run, "probe.json"), "{\"results\": [{\"features\": \"x\", \"target\": \"belief\"}]}")),
            "probe.json", "result 0 lacks");

    [Fact]
    public void AGarbageMetricsLineIsNamedWithItsNumber()
    {
        var result = Report(run =>
        {
            string path = Path.Combine(run, "metrics.jsonl");
            var lines = File.ReadAllLines(path);
            lines[2] = lines[2][..(lines[2].Length / 2)];
            File.WriteAllLines(path, lines);
        });
        AssertOneLine(result, "metrics.jsonl", "line 3 is not a metrics record");
    }

    [Fact]
    public void AMissingActivationsFolderIsNamed() =>
        AssertOneLine(Report(run => Directory.Delete(Path.Combine(run, "activations"), recursive: true)), "has no activations/ folder", "belief probe");

    [Fact]
    public void ATruncatedPredictionArrayIsNamed() =>
        AssertOneLine(Report(run => Truncate(Path.Combine(run, "activations", "belief_predictions.npy"))), "belief_predictions.npy", "is not a whole .npy array");
}
