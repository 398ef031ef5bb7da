using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// The far-future analysis on a tiny RRXOR run (written by <c>belief experiment</c>): far_future.json agrees with the
/// theory and with probe.json, and the report carries the section with its verdict and figure; a run without its
/// activations gets one line saying how to export them.
/// </summary>
public sealed class FarFutureReportTests(ProbedRrxorRunFixture fixture) : IClassFixture<ProbedRrxorRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void FarFutureJsonMatchesTheTheoryAndTheProbesCrossValidatedR2()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "far_future.json")));
        var root = json.RootElement;
        double r = ProcessTheory.Compute(ProcessCatalog.Resolve("rrxor"), new TheoryOptions(Depth: 6)).FarFutureFraction!.Value;
        Assert.Equal(r, root.GetProperty("far_future_fraction").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("next_token_rank").GetInt32());
        Assert.Equal(200, root.GetProperty("shuffles").GetInt32());
        Assert.Equal(3, root.GetProperty("folds").GetInt32());
        Assert.Equal(200, root.GetProperty("belief_shuffled_r2").GetProperty("values").GetArrayLength());

        // One entry per belief probe of the model, in probe.json's order, each with the probe's k-fold CV R².
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "probe.json")));
        var probes = probe.RootElement.GetProperty("results").EnumerateArray()
            .Where(p => p.GetProperty("target").GetString() == "belief" && !p.GetProperty("baseline").GetBoolean()).ToList();
        var sets = root.GetProperty("feature_sets").EnumerateArray().ToList();
        Assert.Equal(probes.Select(p => p.GetProperty("features").GetString()), sets.Select(s => s.GetProperty("features").GetString()));
        Assert.Equal(ProbeRun.ConcatenationName, sets.Single(s => s.GetProperty("concatenation").GetBoolean()).GetProperty("features").GetString());
        foreach (var (set, fromProbe) in sets.Zip(probes))
        {
            Assert.Equal(fromProbe.GetProperty("cross_validation").GetProperty("r2").GetDouble(), set.GetProperty("r2").GetDouble(), 9);
            double p = set.GetProperty("p_value").GetDouble();
            Assert.InRange(p, 1.0 / 201, 1.0);
            Assert.Equal(200, set.GetProperty("shuffled_r2").GetProperty("values").GetArrayLength());
            Assert.Equal(JsonValueKind.Number, set.GetProperty("untrained_r2").ValueKind);
        }
    }

    [Fact]
    public void TheReportStatesTheVerdictWithItsPValueBesideTheFigure()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Run, "report.html"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "far_future.json")));
        var all = json.RootElement.GetProperty("feature_sets").EnumerateArray().Single(s => s.GetProperty("concatenation").GetBoolean());
        var shuffled = all.GetProperty("shuffled_r2");
        double p = all.GetProperty("p_value").GetDouble();
        string finding = p <= 0.05 ? "The residual stream carries the far-future part of the belief"
            : "The residual stream shows no sign of the far-future part of the belief";
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"<section id=\"far-future\">\n<h2>Beyond the next token</h2>\n<p class=\"lead\">{finding}: all layers R² {all.GetProperty("r2").GetDouble():0.000} against {shuffled.GetProperty("mean").GetDouble():0.000} ± {shuffled.GetProperty("sd").GetDouble():0.000} with that part shuffled (p = {p:0.000}, 200 shuffles).</p>"), html);
        Assert.True(File.Exists(Path.Combine(fixture.Run, "figures", "far_future.png")));
        Assert.Contains("Activations → shuffled", File.ReadAllText(Path.Combine(fixture.Run, "figures", "far_future.svg")));
        // After the probe's sections, before the loss.
        Assert.True(html.IndexOf("<section id=\"probes\">", StringComparison.Ordinal) < html.IndexOf("<section id=\"far-future\">", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<section id=\"far-future\">", StringComparison.Ordinal) < html.IndexOf("<section id=\"loss\">", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheActivationsTheSectionSaysHowToExportThem()
    {
        string run = fixture.Copy(_files.Directory);
        string missing = Path.Combine(run, "activations", "blocks.0.hook_resid_mid.npy");
        File.Delete(missing);
        File.Delete(Path.Combine(run, "far_future.json"));

        RunReport.Write(run);

        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains($"<section id=\"far-future\">\n<h2>Beyond the next token</h2>\n<p>The shuffle test reads the activations of every probed hook point, and &#39;{missing}&#39; is missing: run &#39;belief probe {run}&#39; (without --no-activations) to export them", html);
        Assert.False(File.Exists(Path.Combine(run, "far_future.json")));
    }
}
