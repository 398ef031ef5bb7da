using System.Text.Json;
using System.Text.Json.Nodes;

namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief probe --protocol</c>: the published protocol beside the held-out one, and its refusals.</summary>
public sealed class ProbeProtocolCommandTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ThePublishedProtocolWritesItsOwnFileNamingItsRowsAndScoringBesideItsNulls()
    {
        string run = fixture.Copy(_files.Directory);
        string heldOut = File.ReadAllText(Path.Combine(run, "probe.json"));
        var result = CliRun.Of("probe", run, "--protocol", "published", "--no-activations");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Belief-state probes, published protocol", result.Stdout);
        Assert.Contains("scored in sample", result.Stdout);
        Assert.Equal(heldOut, File.ReadAllText(Path.Combine(run, "probe.json"))); // the held-out results are not touched

        using var published = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.published.json")));
        var settings = published.RootElement.GetProperty("settings");
        Assert.Equal(("published", "sequence_count", "in_sample"),
            (settings.GetProperty("protocol").GetString(), settings.GetProperty("rows").GetString(), settings.GetProperty("scoring").GetString()));
        var belief = published.RootElement.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("target").GetString() == "belief").ToList();
        // One layer: blocks.0.hook_resid_pre, blocks.0.hook_resid_post, ln_final, their concatenation and the three residual points.
        var models = belief.Where(r => !r.GetProperty("baseline").GetBoolean()).Select(r => r.GetProperty("features").GetString()).ToList();
        Assert.Equal(["blocks.0.hook_resid_pre", "blocks.0.hook_resid_post", "ln_final.hook_normalized", "published concatenation", "all residual points"], models);
        foreach (var r in belief.Where(r => !r.GetProperty("baseline").GetBoolean()))
        {
            Assert.True(r.GetProperty("in_sample").GetProperty("mse").GetDouble() >= 0);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("random_init").GetProperty("r2").ValueKind);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("distance_r2").GetProperty("beliefs").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("cross_validation").ValueKind);
        }
        Assert.Contains(belief, r => r.GetProperty("random_null").GetBoolean() && r.GetProperty("in_sample").GetProperty("r2").ValueKind == JsonValueKind.Number);

        var report = CliRun.Of("report", run);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("The published protocol (in sample)", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void AnUnknownProtocolIsOneLineAndWritesNothing()
    {
        string run = fixture.Copy(_files.Directory);
        var before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var result = CliRun.Of("probe", run, "--protocol", "in-sample-please");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("--protocol 'in-sample-please' is unknown; use one of heldout, published", result.Stderr);
        Assert.Equal(before, Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void TheExperimentsFeatureSetsAreProbedUnderTheirNamesAndAnUnknownHookIsOneLine()
    {
        string run = fixture.Copy(_files.Directory);
        string config = Path.Combine(run, "config.json");
        void WithSets(JsonObject sets)
        {
            var node = JsonNode.Parse(File.ReadAllText(config))!;
            node["probe"]!["feature_sets"] = sets;
            File.WriteAllText(config, node.ToJsonString());
        }

        WithSets(new JsonObject { ["attention"] = new JsonArray("blocks.0.attn.hook_z", "blocks.0.hook_attn_out") });
        var result = CliRun.Of("probe", run, "--no-activations");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var probe = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "probe.json"))))
        {
            var attention = probe.RootElement.GetProperty("results").EnumerateArray()
                .Single(r => r.GetProperty("features").GetString() == "attention" && r.GetProperty("target").GetString() == "belief");
            Assert.Equal(2 * 8 + 16, attention.GetProperty("feature_count").GetInt32()); // hook_z: n_heads · d_head; hook_attn_out: d_model
            Assert.Equal(JsonValueKind.Number, attention.GetProperty("random_init").GetProperty("r2").ValueKind);
        }

        string before = File.ReadAllText(Path.Combine(run, "probe.json"));
        WithSets(new JsonObject { ["far"] = new JsonArray("blocks.9.hook_resid_pre") });
        var refused = CliRun.Of("probe", run);
        Assert.Equal(2, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Contains("probe.feature_sets.far names 'blocks.9.hook_resid_pre', which is not a hook point of this model", refused.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run, "probe.json")));
    }
}
