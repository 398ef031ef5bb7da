using System.Text.Json;

namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief compare</c> over hand-written probe.json files.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Run(string name, double r2, double mse, double shuffled, string process = "mess3")
    {
        Directory.CreateDirectory(Path.Combine(_files.Directory, name));
        _files.Write(Path.Combine(name, "probe.json"), $$"""
            { "run": "{{name}}", "process": "{{process}}", "results": [
              { "features": "blocks.0.hook_resid_post", "baseline": false, "target": "belief",
                "held_out": { "r2": {{r2}}, "mse": {{mse}} }, "shuffled_held_out_r2": {{shuffled}} },
              { "features": "blocks.0.hook_resid_post", "baseline": false, "target": "next_token",
                "held_out": { "r2": 0.5, "mse": 1 }, "shuffled_held_out_r2": null },
              { "features": "last_1_tokens", "baseline": true, "target": "belief",
                "held_out": { "r2": 0.25, "mse": 0.5 }, "shuffled_held_out_r2": null } ] }
            """);
        return Path.Combine(_files.Directory, name);
    }

    [Fact]
    public void MeanSampleSdAndRangeOverRuns()
    {
        string a = Run("a", 0.9, 0.001, -0.02), b = Run("b", 0.7, 0.003, 0.0);
        var run = CliRun.Of("compare", a, b, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["blocks.0.hook_resid_post", "last_1_tokens"], rows.Select(r => r.GetProperty("features").GetString()));
        var r2 = rows[0].GetProperty("held_out_r2");
        Assert.Equal(0.8, r2.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(Math.Sqrt(0.02), r2.GetProperty("standard_deviation").GetDouble(), 1e-12); // ((0.1)² + (0.1)²) / (2 − 1)
        Assert.Equal(0.7, r2.GetProperty("min").GetDouble(), 1e-12);
        Assert.Equal(0.9, r2.GetProperty("max").GetDouble(), 1e-12);
        Assert.Equal(2, r2.GetProperty("runs").GetInt32());
        Assert.Equal(0.002, rows[0].GetProperty("mse").GetProperty("mean").GetDouble(), 1e-12);
        Assert.True(rows[1].GetProperty("baseline").GetBoolean());
        Assert.Equal(0, rows[1].GetProperty("shuffled_r2").GetProperty("runs").GetInt32()); // nulls are left out

        var table = CliRun.Of("compare", a, b);
        Assert.Contains("0.8000 ± 0.1414", table.Stdout);
        Assert.Contains("0.7000–0.9000", table.Stdout);
        var other = CliRun.Of("compare", a, b, "--target", "next_token", "--json");
        Assert.Single(JsonDocument.Parse(other.Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public void ARunWithoutProbeJsonIsOneLineAndExitTwo()
    {
        string a = Run("a", 0.9, 0.001, 0);
        var run = CliRun.Of("compare", a, _files.Directory);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains("has no probe.json", run.Stderr);
        Directory.CreateDirectory(Path.Combine(_files.Directory, "bad"));
        _files.Write("bad/probe.json", "not json");
        var bad = CliRun.Of("compare", Path.Combine(_files.Directory, "bad"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is not a probe.json", bad.Stderr);
    }

    [Fact]
    public void AnUnknownTargetNamesTheOptionAndTheTargetsTheRunsHave()
    {
        string a = Run("a", 0.9, 0.001, 0);
        var run = CliRun.Of("compare", a, "--target", "bogus");
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains("--target 'bogus'", run.Stderr);
        Assert.Contains("allowed: belief, next_token", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void RunsOfDifferentProcessesAreNotAveraged()
    {
        string a = Run("a", 0.9, 0.001, 0), b = Run("b", 0.7, 0.003, 0, process: "rrxor");
        var run = CliRun.Of("compare", a, b);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains("different processes", run.Stderr);
        Assert.Contains($"'{a}' (mess3)", run.Stderr);
        Assert.Contains($"'{b}' (rrxor)", run.Stderr);
    }

    [Fact]
    public void ARunGivenTwiceIsRefusedEvenUnderAnotherSpelling()
    {
        string a = Run("a", 0.9, 0.001, 0), b = Run("b", 0.7, 0.003, 0);
        string again = Path.Combine(_files.Directory, "b", "..", "a") + Path.DirectorySeparatorChar;
        var run = CliRun.Of("compare", a, b, again, "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains($"run '{Path.GetFullPath(a)}' is given twice", run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
