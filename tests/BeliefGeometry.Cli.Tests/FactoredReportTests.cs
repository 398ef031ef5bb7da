using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// The factored analysis on a tiny run of Mess3 × golden mean (written by <c>belief experiment</c>): factored.json has
/// every probed hook point and the concatenation, each factor's two subspace estimates and every pair's overlaps, agrees
/// with probe.json, and the report carries the section with its verdict and figure.
/// </summary>
public sealed class FactoredReportTests(ProbedFactoredRunFixture fixture) : IClassFixture<ProbedFactoredRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const int Width = 16;

    [Fact]
    public void FactoredJsonHasEveryProbedHookPointTheFactorsAndTheirOverlaps()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "factored.json")));
        var root = json.RootElement;
        Assert.Equal(ProcessCatalog.Resolve(ProbedFactoredRunFixture.Process).Name, root.GetProperty("process").GetString());
        // Lengths 1–3: every joint word whose golden-mean coordinate has no two 1s in a row, 3·2 + 9·3 + 27·5.
        Assert.Equal(6 + 27 + 135, root.GetProperty("prefixes").GetInt32());
        var dimensions = root.GetProperty("dimensions");
        Assert.Equal([2, 1], dimensions.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("belief_dimension").GetInt32()));
        Assert.Equal([3, 2], dimensions.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("states").GetInt32()));
        Assert.Equal(3, dimensions.GetProperty("sum_of_belief_dimensions").GetInt32());
        Assert.Equal(5, dimensions.GetProperty("product_state_dimension").GetInt32());
        Assert.Equal([1, 2], root.GetProperty("ks").EnumerateArray().Select(k => k.GetInt32()));

        // One entry per belief probe of the model, in probe.json's order, each with the factors' held-out R² from probe.json.
        using var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "probe.json")));
        var results = probe.RootElement.GetProperty("results").EnumerateArray().ToList();
        var probed = results.Where(p => p.GetProperty("target").GetString() == "belief" && !p.GetProperty("baseline").GetBoolean())
            .Select(p => p.GetProperty("features").GetString()).ToList();
        var sets = root.GetProperty("feature_sets").EnumerateArray().ToList();
        Assert.Equal(probed, sets.Select(s => s.GetProperty("features").GetString()));
        Assert.Equal(ProbeRun.ConcatenationName, sets.Single(s => s.GetProperty("concatenation").GetBoolean()).GetProperty("features").GetString());
        Assert.Contains(root.GetProperty("lead").GetString(), probed.Where(p => p != ProbeRun.ConcatenationName));
        foreach (var set in sets)
        {
            string features = set.GetProperty("features").GetString()!;
            int width = set.GetProperty("concatenation").GetBoolean() ? 2 * Width : Width; // the embedding and the block's output
            Assert.Equal(width, set.GetProperty("feature_count").GetInt32());
            for (int k = 0; k < 2; k++)
            {
                var fromProbe = results.Single(r => r.GetProperty("features").GetString() == features && r.GetProperty("target").GetString() == $"factor_{k}_belief");
                Assert.Equal(fromProbe.GetProperty("held_out").GetProperty("r2").GetDouble(), set.GetProperty("factor_r2")[k].GetDouble(), 12);
                Assert.Equal(JsonValueKind.Number, set.GetProperty("untrained_factor_r2")[k].ValueKind);
            }
            foreach (var model in new[] { set.GetProperty("trained"), set.GetProperty("untrained") })
            {
                Assert.Equal(width, model.GetProperty("feature_count").GetInt32());
                Assert.InRange(model.GetProperty("activation_dimension").GetInt32(), 1, width);
                var factors = model.GetProperty("factors").EnumerateArray().ToList();
                Assert.Equal([0, 1], factors.Select(f => f.GetProperty("factor").GetInt32()));
                Assert.Equal([2, 1], factors.Select(f => f.GetProperty("frozen").GetProperty("rank").GetInt32()));
                Assert.Equal([2, 1], factors.Select(f => f.GetProperty("probe").GetProperty("rank").GetInt32()));
                // Mess3 varies with the golden mean's words frozen (2 + 3 + 5 of them), the golden mean with Mess3's (3 + 9 + 27).
                Assert.Equal([10, 39], factors.Select(f => f.GetProperty("frozen_groups").GetInt32()));
                Assert.All(factors, f => Assert.InRange(f.GetProperty("agreement").GetDouble(), 0, 1 + 1e-9));
                var overlaps = model.GetProperty("overlaps").EnumerateArray().ToList();
                Assert.Equal([1, 2], overlaps.Select(o => o.GetProperty("k").GetInt32()));
                foreach (var overlap in overlaps)
                {
                    Assert.Equal((0, 1), (overlap.GetProperty("first").GetInt32(), overlap.GetProperty("second").GetInt32()));
                    Assert.InRange(overlap.GetProperty("probe").GetDouble(), 0, 1 + 1e-9);
                    Assert.InRange(overlap.GetProperty("frozen").GetDouble(), 0, 1 + 1e-9);
                    // The golden mean has one direction: k = 2 compares Mess3's two with it, max(a, b)/d.
                    Assert.Equal((double)overlap.GetProperty("k").GetInt32() / width, overlap.GetProperty("random").GetProperty("mean").GetDouble(), 12);
                }
            }
        }
    }

    [Fact]
    public void TheReportStatesTheVerdictBesideTheTableAndTheFigure()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Run, "report.html"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "factored.json")));
        string lead = json.RootElement.GetProperty("lead").GetString()!;
        var set = json.RootElement.GetProperty("feature_sets").EnumerateArray().Single(s => s.GetProperty("features").GetString() == lead);
        var first = set.GetProperty("trained").GetProperty("overlaps")[0];
        double overlap = first.GetProperty("probe").GetDouble(), random = first.GetProperty("random").GetProperty("mean").GetDouble();
        string[] findings =
        [
            "The factors occupy nearly orthogonal subspaces", "The factor subspaces overlap, though less than random subspaces of their size",
            "The factor subspaces overlap as much as random subspaces of their size, or more",
        ];
        int start = html.IndexOf("<section id=\"factored\">\n<h2>Factored structure</h2>\n<p class=\"lead\">", StringComparison.Ordinal);
        Assert.True(start > 0);
        string verdict = html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
        Assert.Contains(findings, f => verdict.Contains(f, StringComparison.Ordinal));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"at {lead} the overlap is {Format(overlap)} at k = 1 against {Format(random)} for random subspaces"), verdict);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"95% of the variance lies in {set.GetProperty("trained").GetProperty("activation_dimension").GetInt32()} directions, against Σ m_k = 3 for the factors side by side and Π n_k − 1 = 5 for the joint simplex."), verdict);
        Assert.Contains($"<tr class=\"best\"><td>{lead} <span class=\"badge\">lead</span>", html);
        Assert.True(File.Exists(Path.Combine(fixture.Run, "figures", "factored.png")));
        Assert.Contains("Overlap of factor subspaces, k = 1", File.ReadAllText(Path.Combine(fixture.Run, "figures", "factored.svg")));
        // After the shuffle test, before the loss.
        Assert.True(html.IndexOf("<section id=\"far-future\">", StringComparison.Ordinal) < start);
        Assert.True(start < html.IndexOf("<section id=\"loss\">", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheActivationsTheSectionSaysHowToExportThem()
    {
        string run = fixture.Copy(_files.Directory);
        string missing = Path.Combine(run, "activations", "blocks.0.hook_resid_post.npy");
        File.Delete(missing);
        File.Delete(Path.Combine(run, "factored.json"));
        File.Delete(Path.Combine(run, "far_future.json"));

        RunReport.Write(run);

        Assert.Contains($"<section id=\"factored\">\n<h2>Factored structure</h2>\n<p>The factored analysis reads the activations of every probed hook point, and &#39;{missing}&#39; is missing",
            File.ReadAllText(Path.Combine(run, "report.html")));
        Assert.False(File.Exists(Path.Combine(run, "factored.json")));
    }

    [Fact]
    public void ProbesThatAreNotWhatBeliefProbeWroteAreOneLine()
    {
        string run = fixture.Copy(_files.Directory);
        File.WriteAllText(Path.Combine(run, "probes", "index.json"), "{ not json");
        CliRun.Of("report", run).AssertRefused($"'{Path.Combine(run, "probes")}' does not hold the probes 'belief probe' writes");
    }

    /// <summary>As the report writes an overlap: three decimals, or scientific below 0.001.</summary>
    private static string Format(double value) => value is > 0 and < 1e-3
        ? value.ToString("0.00e+0", CultureInfo.InvariantCulture) : value.ToString("0.000", CultureInfo.InvariantCulture);
}
