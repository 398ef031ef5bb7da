using System.Text.Json;
using BeliefGeometry.Export;
using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief geometry</c> on array files and on a probed run, and its refusals of bad input.</summary>
public sealed class GeometryCommandTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>One triangle in a 32-wide space with two Gaussian distractors and noise; its beliefs are the barycentric coordinates.</summary>
    private (string Activations, string Beliefs, SyntheticEmbedding Data) Triangle(int rows = 8000)
    {
        var data = SyntheticEmbedding.FromSimplices([3], rows, 32, distractors: 2, noise: 0.02, seed: 11);
        string activations = Path.Combine(_files.Directory, "acts.npy");
        string beliefs = Path.Combine(_files.Directory, "beliefs.npy");
        Npy.Write<float>(activations, data.Rows, rows, 32);
        Npy.Write<double>(beliefs, data.Factors[0].Values, rows, 3);
        return (activations, beliefs, data);
    }

    [Fact]
    public void FindsTheTriangleInAnArrayFileAndMatchesItsBeliefs()
    {
        var (activations, beliefs, data) = Triangle();
        string output = Path.Combine(_files.Directory, "out");
        var run = CliRun.Of("geometry", activations, "--beliefs", beliefs, "--out", output, "--nulls", "9");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("factors found: 1 of 1", run.Stdout);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "geometry.json")));
        var root = json.RootElement;
        Assert.Equal(8000, root.GetProperty("source").GetProperty("rows").GetInt64());
        var found = root.GetProperty("search").GetProperty("candidates").EnumerateArray().Where(c => c.GetProperty("found").GetBoolean()).ToList();
        Assert.Single(found);
        Assert.Equal(3, found[0].GetProperty("vertices").GetInt32());
        var factor = root.GetProperty("truth").GetProperty("factors")[0];
        // Finite-sample ICA leaves a little of the Gaussian distractors in the triangle's directions (R² 0.93–0.995 over seeds at 6,000–12,000 rows).
        Assert.True(factor.GetProperty("r2").GetDouble() >= 0.9, $"R² {factor.GetProperty("r2").GetDouble()}");
        Assert.Equal(0, root.GetProperty("search").GetProperty("shuffled_found").GetInt32());

        // The coordinates file: one row per activation row, affine barycentric coordinates (each row sums to 1).
        var files = root.GetProperty("files")[0];
        var coordinates = Npy.Read(Path.Combine(output, files.GetProperty("coordinates").GetString()!));
        Assert.Equal([8000L, 3L], coordinates.Shape);
        var values = coordinates.Span<double>();
        for (int i = 0; i < 8000; i++) Assert.Equal(1, values[i * 3] + values[i * 3 + 1] + values[i * 3 + 2], 9);
        var vertices = Npy.Read(Path.Combine(output, files.GetProperty("vertices").GetString()!));
        Assert.Equal([3L, 32L], vertices.Shape);
        Assert.True(File.Exists(Path.Combine(output, files.GetProperty("figure").GetString()! + ".png")));
        Assert.True(File.Exists(Path.Combine(output, files.GetProperty("figure").GetString()! + ".svg")));

        // The found vertices lie near the true ones (each true vertex has a found vertex within 15% of the edge length).
        var truth = data.Vertices[0];
        double edge = Distance(truth.AsSpan(0, 32), truth.AsSpan(32, 32));
        var fv = vertices.ToArray<double>();
        for (int v = 0; v < 3; v++)
        {
            double nearest = Enumerable.Range(0, 3).Min(u => Distance(truth.AsSpan(v * 32, 32), fv.AsSpan(u * 32, 32)));
            Assert.True(nearest <= 0.15 * edge, $"true vertex {v}: nearest found vertex at {nearest / edge:0.000} of the edge");
        }
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(s);
    }

    [Fact]
    public void SearchesARunsHookPointAndTheReportShowsIt()
    {
        string run = fixture.Copy(_files.Directory);
        var result = CliRun.Of("geometry", run, "--hook", "blocks.0.hook_resid_mid", "--nulls", "9");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "geometry.json")));
        Assert.Equal("blocks.0.hook_resid_mid", json.RootElement.GetProperty("source").GetProperty("hook").GetString());
        Assert.Equal("P(prefix)", json.RootElement.GetProperty("source").GetProperty("weights").GetString());
        Assert.Equal(9, json.RootElement.GetProperty("settings").GetProperty("nulls").GetInt32());

        // The report keeps the hook point and settings that 'belief geometry' chose.
        var report = CliRun.Of("report", run);
        Assert.True(report.ExitCode == 0, report.Stderr);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("id=\"unsupervised\"", html);
        Assert.Contains("Belief geometry without labels", html);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "geometry.json")));
        Assert.Equal("blocks.0.hook_resid_mid", again.RootElement.GetProperty("source").GetProperty("hook").GetString());
        Assert.Equal(9, again.RootElement.GetProperty("settings").GetProperty("nulls").GetInt32());
    }

    [Fact]
    public void ATextFileIsRefused()
    {
        string path = _files.Write("notes.npy", "not an array at all");
        CliRun.Of("geometry", path, "--out", Path.Combine(_files.Directory, "o")).AssertRefused("notes.npy");
        Assert.False(Directory.Exists(Path.Combine(_files.Directory, "o", "geometry")));
    }

    [Fact]
    public void AnIntegerArrayIsRefused()
    {
        string path = Path.Combine(_files.Directory, "ints.npy");
        Npy.Write<int>(path, new int[40], 10, 4);
        CliRun.Of("geometry", path).AssertRefused("float");
    }

    [Fact]
    public void AThreeDimensionalArrayIsRefused()
    {
        string path = Path.Combine(_files.Directory, "cube.npy");
        Npy.Write<float>(path, new float[24], 2, 3, 4);
        CliRun.Of("geometry", path).AssertRefused("[rows, width]");
    }

    [Fact]
    public void ARowHoldingNaNIsRefusedByNumber()
    {
        var (activations, _, data) = Triangle(200);
        var rows = data.Rows.ToArray();
        rows[137 * 32 + 5] = float.NaN;
        Npy.Write<float>(activations, rows, 200, 32);
        string output = Path.Combine(_files.Directory, "nan");
        CliRun.Of("geometry", activations, "--out", output).AssertRefused("row 137");
        Assert.False(File.Exists(Path.Combine(output, "geometry.json")));
    }

    [Fact]
    public void WeightsOfTheWrongLengthAreRefused()
    {
        var (activations, _, _) = Triangle(200);
        string weights = Path.Combine(_files.Directory, "w.npy");
        Npy.Write<double>(weights, new double[199]);
        CliRun.Of("geometry", activations, "--weights", weights).AssertRefused("199 weights for 200 rows");
    }

    [Fact]
    public void FewerRowsThanVerticesAreRefused()
    {
        string path = Path.Combine(_files.Directory, "few.npy");
        Npy.Write<float>(path, Enumerable.Range(0, 5 * 4).Select(i => (float)i).ToArray(), 5, 4);
        CliRun.Of("geometry", path).AssertRefused("more rows than vertices");
    }

    [Fact]
    public void FactorColumnsThatDoNotSplitTheBeliefsAreRefused()
    {
        var (activations, beliefs, _) = Triangle(200);
        CliRun.Of("geometry", activations, "--beliefs", beliefs, "--factor-columns", "2,2").AssertRefused("--factor-columns 2,2");
    }

    [Fact]
    public void RunOptionsAndFileOptionsAreNotMixed()
    {
        var (activations, _, _) = Triangle(200);
        CliRun.Of("geometry", activations, "--hook", "blocks.0.hook_resid_post").AssertRefused("--hook is for a run directory");
        CliRun.Of("geometry", _files.Directory, "--weights", activations).AssertRefused("array files");
    }

    [Fact]
    public void OneLengthOfARunIsSearchedAndKeptByTheReport()
    {
        string run = fixture.Copy(_files.Directory);
        var result = CliRun.Of("geometry", run, "--length", "4", "--nulls", "9");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("prefixes of length 4 only", result.Stdout);
        Assert.True(CliRun.Of("report", run).ExitCode == 0);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "geometry.json")));
        Assert.Equal(4, json.RootElement.GetProperty("source").GetProperty("length").GetInt32());
        Assert.Equal("P(prefix), length 4 only", json.RootElement.GetProperty("source").GetProperty("weights").GetString());
        CliRun.Of("geometry", run, "--length", "9").AssertRefused("--length 9");
    }

    [Fact]
    public void AnUnknownHookPointIsRefused()
    {
        string run = fixture.Copy(_files.Directory);
        CliRun.Of("geometry", run, "--hook", "blocks.9.hook_resid_post").AssertRefused("blocks.9.hook_resid_post");
    }
}
