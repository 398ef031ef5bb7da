using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Cli.Pipeline.Analyses;

namespace BeliefGeometry.Cli.Tests;

/// <summary><see cref="RunReport"/> on a tiny probed run: what the page says is what probe.json says, and analyses plug in with one line.</summary>
public sealed class RunReportTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const int Prefixes = 3 + 9 + 27 + 81;

    /// <summary>probe.json's belief probes read independently of the code under test: (features, held-out R², shuffled R²).</summary>
    private static List<(string Features, double R2, double Shuffled)> BeliefProbes(string run)
    {
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json")));
        return [.. probe.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("target").GetString() == "belief" && !r.GetProperty("baseline").GetBoolean())
            .Select(r => (r.GetProperty("features").GetString()!, r.GetProperty("held_out").GetProperty("r2").GetDouble(),
                r.GetProperty("shuffled_held_out_r2").GetDouble()))];
    }

    [Fact]
    public void TheSummaryNamesTheBestHookItsR2AndTheShuffledControl()
    {
        string run = fixture.Copy(_files.Directory);
        File.Delete(Path.Combine(run, "report.html"));
        Directory.Delete(Path.Combine(run, "figures"), recursive: true);

        string path = RunReport.Write(run);

        Assert.Equal(Path.Combine(run, "report.html"), path);
        var probes = BeliefProbes(run);
        var best = probes.MaxBy(p => p.R2); // the best probe is the highest held-out R² among the model's hook points
        using (var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json"))))
            Assert.Equal(best.Features, probe.RootElement.GetProperty("best_belief_features").GetString());
        string html = File.ReadAllText(path);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"A linear probe reads the belief state from {best.Features} with held-out R² = {best.R2:0.0000}"), html);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"against {best.Shuffled:0.000} for the same probe fitted to shuffled targets"), html);
        Assert.Contains($"<tr class=\"best\"><td>{best.Features} <span class=\"badge\">best</span>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"best\">"));
        // Every hook point has its row, in the order of probe.json.
        var rowOrder = probes.Select(p => html.IndexOf($"<td>{p.Features}", StringComparison.Ordinal)).ToList();
        Assert.All(rowOrder, i => Assert.True(i > 0));
        Assert.Equal(rowOrder.Order(), rowOrder);
        // The belief figure shows the best probe's predictions and says so.
        Assert.Contains($"Probe prediction from {best.Features}", File.ReadAllText(Path.Combine(run, "figures", "beliefs.svg")));
        Assert.Contains($"the affine probe&#39;s prediction from {best.Features}", html);
        Assert.Contains($"probes: {probes.Count} hook points, {Prefixes} prefixes, seed 2", html);
        // The process's section draws every prefix's exact belief, from theory alone, in Mess3's simplex.
        Assert.Contains("Exact beliefs, prefix lengths 1–4", File.ReadAllText(Path.Combine(run, "figures", "belief_geometry.svg")));
        int process = html.IndexOf("<section id=\"process\">", StringComparison.Ordinal);
        Assert.True(html.IndexOf($"The exact belief of each of the {Prefixes} prefixes of lengths 1–4", StringComparison.Ordinal) > process);
        Assert.Contains("Beliefs in the simplex, from theory", html);
        // Sections in reading order.
        string[] ids = ["result", "probes", "geometry", "loss", "process", "settings"];
        var at = ids.Select(id => html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i > 0));
        Assert.Equal(at.Order(), at);
    }

    [Fact]
    public void ForMess3TheFarFutureSectionSaysThereIsNothingBeyondTheNextToken()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Run, "report.html"));
        Assert.Contains("<section id=\"far-future\">\n<h2>Beyond the next token</h2>\n<p class=\"lead\">Nothing to test: E, the 3 × 3 matrix of next-token probabilities per state, has rank 3", html);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "far_future.json")));
        Assert.Equal(0, json.RootElement.GetProperty("far_future_fraction").GetDouble());
        Assert.Equal(0, json.RootElement.GetProperty("shuffles").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("feature_sets").GetArrayLength());
    }

    [Fact]
    public void ARunOfAProcessThatIsNotAProductHasNoFactoredStructure()
    {
        Assert.False(File.Exists(Path.Combine(fixture.Run, "factored.json")));
        Assert.False(File.Exists(Path.Combine(fixture.Run, "mixture.json"))); // an ergodic process has no components to infer
        Assert.False(File.Exists(Path.Combine(fixture.Run, "figures", "factored.png")));
        Assert.DoesNotContain("<section id=\"factored\">", File.ReadAllText(Path.Combine(fixture.Run, "report.html")));
    }

    [Fact]
    public void AToyAnalysisRegisteredWithOneLineWritesItsJsonAndItsSection()
    {
        string run = fixture.Copy(_files.Directory);

        RunReport.Write(run, [.. RunAnalyses.Default, new ToyAnalysis()]);   // the one registration line

        using var toy = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "toy.json")));
        Assert.Equal(Prefixes, toy.RootElement.GetProperty("prefixes").GetInt32());
        Assert.Equal(BeliefProbes(run).MaxBy(p => p.R2).Features, toy.RootElement.GetProperty("best_features").GetString());
        // Each length's prefixes carry probability 1 in all: 4 lengths.
        Assert.Equal(4.0, toy.RootElement.GetProperty("probability_sum").GetDouble(), 1e-9);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        int section = html.IndexOf("<section id=\"toy\">\n<h2>A toy analysis</h2>\n<p>120 prefixes; best probe at ", StringComparison.Ordinal);
        Assert.True(section > html.IndexOf("<section id=\"settings\">", StringComparison.Ordinal), html[..Math.Min(html.Length, 200)]);
    }

    [Fact]
    public void TheReportOfTheDefaultAnalysesHasNoToySection()
    {
        string run = fixture.Copy(_files.Directory);
        RunReport.Write(run);
        Assert.DoesNotContain("id=\"toy\"", File.ReadAllText(Path.Combine(run, "report.html")));
        Assert.False(File.Exists(Path.Combine(run, "toy.json")));
    }
}
