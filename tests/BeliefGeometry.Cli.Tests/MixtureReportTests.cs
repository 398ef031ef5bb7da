using System.Text.Json;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// The in-context inference of a non-ergodic mixture on a tiny run: mixture.json carries the components, H[C|X^L] from the
/// theory, the loss per position against the floor and the component-posterior probes exactly as probe.json has them; the
/// report has the section, its table and figure. An ergodic run gets neither.
/// </summary>
public sealed class MixtureReportTests(ProbedMixtureRunFixture fixture) : IClassFixture<ProbedMixtureRunFixture>
{
    [Fact]
    public void MixtureJsonAgreesWithTheTheoryAndProbeJson()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "mixture.json")));
        var root = json.RootElement;
        Assert.Equal(["golden_mean:p=0.5", "even:p=0.5"], root.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([0.25, 0.75], root.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()));
        var theory = ProcessTheory.Compute(ProcessCatalog.Resolve(ProbedMixtureRunFixture.Process), new TheoryOptions(Depth: 4));
        var uncertainty = root.GetProperty("component_uncertainty_bits").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(theory.ComponentUncertaintyBits!, uncertainty);
        Assert.Equal(-(0.25 * Math.Log2(0.25) + 0.75 * Math.Log2(0.75)), uncertainty[0], 12); // H(β)
        var loss = root.GetProperty("val_loss").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var floor = root.GetProperty("floor").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(4, loss.Length);
        Assert.Equal(loss[^1] - floor[^1], root.GetProperty("last_position_gap").GetDouble(), 12);

        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "probe.json")));
        var fromProbe = probe.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("target").GetString() == "component_posterior" && !r.GetProperty("baseline").GetBoolean()
                        && !(r.TryGetProperty("random_null", out var n) && n.GetBoolean()))
            .ToDictionary(r => r.GetProperty("features").GetString()!, r => r.GetProperty("held_out").GetProperty("r2").GetDouble());
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal(fromProbe.Keys.Order(), probes.Select(p => p.GetProperty("features").GetString()!).Order());
        var results = probe.RootElement.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("target").GetString() == "component_posterior").ToList();
        foreach (var p in probes)
        {
            Assert.Equal(fromProbe[p.GetProperty("features").GetString()!], p.GetProperty("held_out_r2").GetDouble(), 12);
            // Its nulls beside it: the random features as wide, and the same probe of the untrained model (probe.json's random_init).
            var own = results.Single(r => r.GetProperty("features").GetString() == p.GetProperty("features").GetString());
            var randomNull = results.Single(r => r.TryGetProperty("random_null", out var n) && n.GetBoolean() && r.GetProperty("feature_count").GetInt32() == own.GetProperty("feature_count").GetInt32());
            Assert.Equal(randomNull.GetProperty("held_out").GetProperty("r2").GetDouble(), p.GetProperty("random_features_r2").GetDouble(), 12);
            Assert.Equal(own.GetProperty("random_init").GetProperty("r2").GetDouble(), p.GetProperty("untrained_r2").GetDouble(), 12);
            Assert.Equal([1, 2, 3, 4], p.GetProperty("r2_per_length").EnumerateArray().Select(s => s.GetProperty("length").GetInt32()));
        }
        Assert.Equal("all layers", root.GetProperty("lead").GetString());
    }

    [Fact]
    public void ReportHasTheSectionWithItsTableAndFigure()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Run, "report.html"));
        Assert.Contains("Which component: inference in context", html);
        Assert.Contains("H[C | X^L] (bits)", html);
        Assert.Contains("Component posterior R² by prefix length", html);
        Assert.True(File.Exists(Path.Combine(fixture.Run, "figures", "component_posterior_by_length.png")));
    }
}
