using System.Text.Json.Nodes;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The belief probes of several runs side by side (seeds, or any runs probed the same way): for each feature set,
/// the held-out R², MSE and shuffled-control R² across runs as mean, sample standard deviation, min and max.
/// Reads only each run's probe.json — the merge step of a sweep (DESIGN.md section 5).
/// </summary>
public static class ProbeComparison
{
    /// <summary>Mean, sample standard deviation (0 for one run), min and max of one score over the runs.</summary>
    public sealed record Spread(double Mean, double StandardDeviation, double Min, double Max, int Runs)
    {
        public static Spread Of(IReadOnlyList<double> values)
        {
            if (values.Count == 0) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double mean = values.Average();
            double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
            return new Spread(mean, sd, values.Min(), values.Max(), values.Count);
        }
    }

    /// <summary>One feature set's scores over the runs (baselines included, flagged).</summary>
    public sealed record Row(string Features, bool Baseline, Spread HeldOutR2, Spread Mse, Spread ShuffledR2);

    /// <summary>Rows in the order of the first run's results, for the target <paramref name="target"/>.</summary>
    public static IReadOnlyList<Row> Compare(IReadOnlyList<string> runDirectories, string target = "belief")
    {
        if (runDirectories.Count == 0) throw new InputException("compare: give at least one run directory");
        var order = new List<(string Features, bool Baseline)>();
        var scores = new Dictionary<string, (List<double> R2, List<double> Mse, List<double> Shuffled)>();
        foreach (string run in runDirectories)
        {
            string path = new RunFiles(run).ProbeJson;
            if (!File.Exists(path))
                throw new InputException($"run '{run}' has no probe.json; run 'belief probe {run}' first");
            JsonArray results;
            try { results = JsonNode.Parse(File.ReadAllText(path))?["results"]?.AsArray() ?? throw new FormatException(); }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                throw new InputException($"'{path}' is not a probe.json written by 'belief probe'");
            }
            foreach (var result in results.OfType<JsonObject>().Where(r => (string?)r["target"] == target))
            {
                string features = (string)result["features"]!;
                if (!scores.TryGetValue(features, out var s))
                {
                    scores[features] = s = ([], [], []);
                    order.Add((features, (bool?)result["baseline"] ?? false));
                }
                Add(s.R2, result["held_out"]?["r2"]);
                Add(s.Mse, result["held_out"]?["mse"]);
                Add(s.Shuffled, result["shuffled_held_out_r2"]);
            }
        }
        return [.. order.Select(o => new Row(o.Features, o.Baseline,
            Spread.Of(scores[o.Features].R2), Spread.Of(scores[o.Features].Mse), Spread.Of(scores[o.Features].Shuffled)))];
    }

    private static void Add(List<double> values, JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d)) values.Add(d);
    }
}
