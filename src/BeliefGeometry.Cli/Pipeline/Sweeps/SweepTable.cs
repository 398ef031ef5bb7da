using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Export;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// The merged table of a sweep: one row per point (<see cref="SweepRow"/>) as <c>table.json</c> and <c>table.csv</c>
/// in the sweep directory, the same columns in both: the point, its settings (one column per axis), then the scores,
/// the loss and the timings. Written atomically; reading an unfinished point leaves its scores empty.
/// </summary>
public static class SweepTable
{
    public const string JsonFileName = "table.json";
    public const string CsvFileName = "table.csv";

    /// <summary>The score, loss and timing columns, in order, with how each row gives them.</summary>
    public static readonly IReadOnlyList<(string Name, Func<SweepRow, object?> Value)> Columns =
    [
        ("finished", r => r.Finished),
        ("process", r => r.Process),
        ("model", r => r.ModelKind),
        ("seed", r => r.Seed),
        ("parameters", r => r.Parameters),
        ("probe_features", r => r.ProbeFeatures),
        ("held_out_r2", r => r.R2),
        ("shuffled_r2", r => r.ShuffledR2),
        ("random_features_r2", r => r.RandomFeaturesR2),
        ("untrained_r2", r => r.UntrainedR2),
        ("markov_order", r => r.MarkovOrder),
        ("markov_baseline_r2", r => r.MarkovBaselineR2),
        ("best_features", r => r.BestFeatures),
        ("best_r2", r => r.BestR2),
        ("val_loss", r => r.ValidationLoss),
        ("loss_floor", r => r.LossFloor),
        ("loss_gap", r => r.LossGap),
        ("tokens_per_second", r => r.TokensPerSecond),
        ("train_seconds", r => r.TrainSeconds),
        ("probe_seconds", r => r.ProbeSeconds),
    ];

    /// <summary>Reads every point of <paramref name="plan"/>.</summary>
    public static IReadOnlyList<SweepRow> Read(SweepPlan plan, string directory) => [.. plan.Points.Select(p => SweepRow.Read(p, directory))];

    /// <summary>The axes of the plan's settings, in the order they first appear.</summary>
    public static IReadOnlyList<string> Axes(SweepPlan plan) => [.. plan.Points.SelectMany(p => p.Settings.Select(s => s.Key)).Distinct()];

    /// <summary>Writes table.json and table.csv into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Json, string Csv) Write(SweepPlan plan, IReadOnlyList<SweepRow> rows, string directory)
    {
        var axes = Axes(plan);
        var points = new JsonArray();
        foreach (var row in rows)
        {
            var settings = new JsonObject();
            foreach (var (key, value) in row.Point.Settings) settings[key] = value;
            var point = new JsonObject { ["point"] = row.Point.Name, ["settings"] = settings };
            foreach (var (name, value) in Columns) point[name] = Node(value(row));
            points.Add(point);
        }
        var document = new JsonObject
        {
            ["sweep"] = plan.Name,
            ["experiment"] = plan.Experiment,
            ["points"] = points,
        };
        string json = Path.Combine(directory, JsonFileName), csv = Path.Combine(directory, CsvFileName);
        AtomicFile.WriteText(json, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

        var text = new StringBuilder();
        // An axis named like a column (seed) is headed "seed (setting)".
        var axisHeaders = axes.Select(a => Columns.Any(c => c.Name == a) ? $"{a} (setting)" : a);
        text.AppendJoin(',', new[] { "point" }.Concat(axisHeaders).Concat(Columns.Select(c => c.Name)).Select(Field)).Append('\n');
        foreach (var row in rows)
        {
            var settings = row.Point.Settings.ToDictionary(s => s.Key, s => s.Value);
            text.AppendJoin(',', new[] { row.Point.Name }.Concat(axes.Select(a => settings.GetValueOrDefault(a, "")))
                .Concat(Columns.Select(c => Text(c.Value(row)))).Select(Field)).Append('\n');
        }
        AtomicFile.WriteText(csv, text.ToString());
        return (json, csv);
    }

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        double d when !double.IsFinite(d) => null,
        double d => d,
        long l => l,
        int i => i,
        bool b => b,
        string s => s,
        _ => throw new ArgumentException($"no JSON form for {value.GetType().Name}"),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        double d when !double.IsFinite(d) => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.</summary>
    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
