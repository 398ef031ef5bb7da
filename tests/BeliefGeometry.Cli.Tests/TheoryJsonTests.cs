using System.Text.Json;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Tests;

public class TheoryJsonTests
{
    private static double H(params double[] p) => -p.Where(x => x > 0).Sum(x => x * Math.Log2(x));

    /// <summary>Runs the command, checks it succeeded quietly, and parses stdout as exactly one JSON document.</summary>
    private static JsonElement Json(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; stderr: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout); // throws on anything after the object
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void GoldenMeanHasClosedFormEntropyRateAndComplexity()
    {
        var json = Json("theory", "golden_mean:p=0.5", "--json");
        Assert.Equal("golden_mean:p=0.5", json.GetProperty("process").GetString());
        // h_μ = H(p)/(1+p) = 2/3 and C_μ = H[π] = H(2/3) for p = 1/2.
        Assert.Equal(2.0 / 3, json.GetProperty("entropy_rate_bits").GetDouble(), 12);
        Assert.Equal(H(2.0 / 3, 1.0 / 3), json.GetProperty("statistical_complexity_bits").GetDouble(), 12);
        Assert.Equal([2.0 / 3, 1.0 / 3], Doubles(json.GetProperty("stationary")), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    /// <summary>
    /// A mixture of golden mean and even (p = ½ each, equal weights): both have h_μ = ⅔, so the mixture's is ⅔; the
    /// component uncertainty starts at H(½, ½) = 1 bit. The first token is 1 with probability ⅓ under golden mean
    /// (π_A·p) and ⅔ under even (π_A·p + π_B), so after it the posterior is (⅓, ⅔) or (⅔, ⅓): H[C|X¹] = H(⅓).
    /// </summary>
    [Fact]
    public void MixtureReportsItsComponentsAndTheirUncertainty()
    {
        var json = Json("theory", "golden_mean+even", "--depth", "4", "--json");
        Assert.Equal(["golden_mean:p=0.5", "even:p=0.5"], json.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([0.5, 0.5], Doubles(json.GetProperty("component_weights")));
        Assert.Equal(2.0 / 3, json.GetProperty("entropy_rate_bits").GetDouble(), 12);
        Assert.True(json.GetProperty("entropy_rate_exact").GetBoolean());
        var uncertainty = Doubles(json.GetProperty("component_uncertainty_bits"));
        Assert.Equal(1.0, uncertainty[0], 12);
        Assert.Equal(H(1.0 / 3, 2.0 / 3), uncertainty[1], 12);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("initial_state").ValueKind);
        var text = CliRun.Of("theory", "golden_mean+even", "--depth", "4");
        Assert.Contains("H[C|X^L]", text.Stdout);
        Assert.Contains("non-ergodic", text.Stdout);
    }

    [Fact]
    public void GoldenMeanLossFloorsAreOffsetByTheBosToken()
    {
        var json = Json("theory", "golden_mean:p=0.5", "--depth", "4", "--json");
        var floor = Doubles(json.GetProperty("loss_floor_nats"));
        var floorBos = Doubles(json.GetProperty("loss_floor_nats_bos"));
        Assert.Equal(4, floor.Length);
        Assert.Equal(4, floorBos.Length);
        // With BOS, position 0 has seen nothing: h(1) = H[P(X)] = H(1/3). Without BOS it has seen one token: h(2) = h_μ = 2/3.
        Assert.Equal(H(1.0 / 3, 2.0 / 3) * Math.Log(2), floorBos[0], 12);
        Assert.Equal(2.0 / 3 * Math.Log(2), floor[0], 12);
        Assert.Equal(5, json.GetProperty("block_entropy_bits").GetArrayLength());
        Assert.Equal(4, json.GetProperty("myopic_entropy_bits").GetArrayLength());
    }

    [Fact]
    public void Mess3ToDepth3HasTheFullTernaryTreeOfBeliefs()
    {
        var json = Json("theory", "mess3", "--depth", "3", "--json");
        Assert.Equal([1, 3, 9, 27], json.GetProperty("unique_beliefs_at_depth").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(40, json.GetProperty("total_unique_beliefs").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("statistical_complexity_bits").ValueKind);
        Assert.Equal(3, json.GetProperty("loss_floor_nats").GetArrayLength());
        Assert.Equal(Math.Log(3), Doubles(json.GetProperty("loss_floor_nats_bos"))[0], 12);
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], Doubles(json.GetProperty("stationary")), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.NotEqual(0, json.GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public void ContractFieldsArePresent()
    {
        var json = Json("theory", "rrxor", "--depth", "2", "--json");
        foreach (string field in new[]
                 {
                     "process", "stationary", "block_entropy_bits", "myopic_entropy_bits", "entropy_rate_bits",
                     "excess_entropy_bits", "statistical_complexity_bits", "unique_beliefs_at_depth",
                     "total_unique_beliefs", "loss_floor_nats", "loss_floor_nats_bos",
                 })
            Assert.True(json.TryGetProperty(field, out _), $"missing field '{field}'");
    }

    [Fact]
    public void BeliefDimensionsAreReportedInJsonAndText()
    {
        // Mess3's beliefs fill its 2-D simplex with the variance split evenly (by symmetry); RRXOR's need 4 of its 5 states' directions.
        var mess3 = Json("theory", "mess3", "--depth", "5", "--json");
        Assert.Equal([2, 2, 2, 2], mess3.GetProperty("belief_dimensions_at").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0.5, mess3.GetProperty("belief_explained_variance")[0].GetDouble(), 9);
        var rrxor = Json("theory", "rrxor", "--depth", "8", "--json");
        Assert.Equal(4, rrxor.GetProperty("belief_dimensions_at")[3].GetInt32());
        Assert.Equal(5, rrxor.GetProperty("belief_explained_variance").GetArrayLength());
        var text = CliRun.Of("theory", "mess3", "--depth", "5");
        Assert.Contains("belief dimensions  2 / 2 / 2 / 2", text.Stdout);
    }

    [Fact]
    public void FarFutureFractionIsReportedPerDepthAndPooled()
    {
        // RRXOR after one token: both beliefs predict (½, ½) for the next token, so all their spread is beyond it.
        var rrxor = Json("theory", "rrxor", "--depth", "3", "--json");
        Assert.Equal(2, rrxor.GetProperty("next_token_rank").GetInt32());
        var perDepth = rrxor.GetProperty("far_future_fraction_at_depth");
        Assert.Equal(4, perDepth.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, perDepth[0].ValueKind);
        Assert.Equal(1.0, perDepth[1].GetDouble(), 12);
        double pooled = rrxor.GetProperty("far_future_fraction").GetDouble();
        Assert.InRange(pooled, 0.5, 1);
        Assert.Equal(0.0, Json("theory", "mess3", "--depth", "3", "--json").GetProperty("far_future_fraction").GetDouble());
        var text = CliRun.Of("theory", "rrxor", "--depth", "3");
        Assert.Contains("beyond next token", text.Stdout);
        Assert.Contains(pooled.ToString("F6", System.Globalization.CultureInfo.InvariantCulture), text.Stdout);
    }

    [Fact]
    public void ProductsAndProcessFilesAreAccepted()
    {
        var product = Json("theory", "golden_mean*z1r", "--depth", "2", "--json");
        Assert.Equal(6, product.GetProperty("stationary").GetArrayLength());

        using var files = new TempFiles();
        string path = files.Write("coin.json", """
            // a fair coin, with a comment and a trailing comma
            { "tokens": ["H", "T"], "states": ["A"], "matrices": { "H": [[0.5]], "T": [[0.5]], }, }
            """);
        var coin = Json("theory", path, "--depth", "2", "--json");
        Assert.Equal(1.0, coin.GetProperty("entropy_rate_bits").GetDouble(), 12);
    }

    [Fact]
    public void NonFiniteNumbersAreWrittenAsNull()
    {
        var report = ProcessTheory.Compute(ProcessCatalog.Resolve("z1r"), new TheoryOptions(Depth: 2)) with
        {
            ExcessEntropyLastTermBits = double.NaN,
            EntropyRateBits = double.PositiveInfinity,
            StatisticalComplexityBits = double.NegativeInfinity,
        };
        using var document = JsonDocument.Parse(CliJson.Serialize(report));
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("excess_entropy_last_term_bits").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("entropy_rate_bits").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("statistical_complexity_bits").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("excess_entropy_bits").ValueKind);
    }
}
