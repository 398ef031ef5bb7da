using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Export;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// A sweep's points over one base experiment (a built-in name or an absolute path). The sweep directory holds the
/// plan as <c>sweep.json</c> (<see cref="FileName"/>), one run directory per point, the merged table and the report.
/// </summary>
public sealed record SweepPlan(string Name, string Experiment, IReadOnlyList<string> Shared, IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The plan's file in the sweep directory.</summary>
    public const string FileName = "sweep.json";

    /// <summary>The <c>belief experiment</c> arguments of <paramref name="point"/>: the base, its run directory and its overrides.</summary>
    public IReadOnlyList<string> ExperimentArguments(SweepPoint point, string sweepDirectory) =>
        ["experiment", Experiment, "--out", point.Directory(sweepDirectory), .. point.Sets.SelectMany(s => new[] { "--set", s })];

    /// <summary>
    /// Writes the plan into <paramref name="sweepDirectory"/> (atomically). A directory that already holds a plan is
    /// continued only when every point it names still has the same overrides; otherwise one line refuses it, since
    /// its finished points would be reported under settings they were not run with.
    /// </summary>
    public void Save(string sweepDirectory)
    {
        string path = Path.Combine(sweepDirectory, FileName);
        if (File.Exists(path))
        {
            var earlier = ReadPoints(path);
            if (earlier is null)
                throw new InputException($"sweep directory '{sweepDirectory}' has a {FileName} that is not a sweep plan; use another --out");
            foreach (var point in Points)
                if (earlier.TryGetValue(point.Name, out var sets) && !sets.SequenceEqual(point.Sets))
                    throw new InputException($"sweep directory '{sweepDirectory}' ran point '{point.Name}' with other overrides ({string.Join(" ", sets)}); use another --out for a changed sweep");
        }
        else if (Directory.Exists(sweepDirectory) && Directory.EnumerateFileSystemEntries(sweepDirectory).Any())
            throw new InputException($"sweep directory '{sweepDirectory}' is not empty and holds no {FileName}; use another --out");
        Directory.CreateDirectory(sweepDirectory);
        AtomicFile.WriteText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["experiment"] = Experiment,
        ["set"] = new JsonArray([.. Shared.Select(s => JsonValue.Create(s))]),
        ["points"] = new JsonArray([.. Points.Select(p => new JsonObject
        {
            ["index"] = p.Index,
            ["name"] = p.Name,
            ["settings"] = new JsonObject(p.Settings.Select(s => new KeyValuePair<string, JsonNode?>(s.Key, s.Value))),
            ["sets"] = new JsonArray([.. p.Sets.Select(s => JsonValue.Create(s))]),
        })]),
    };

    /// <summary>The points of a saved plan, name → overrides; null when the file is not a plan.</summary>
    private static Dictionary<string, string[]>? ReadPoints(string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException) { return null; }
        if (root is not JsonObject plan || plan["points"] is not JsonArray points) return null;
        var read = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var node in points)
        {
            if (node is not JsonObject point || !TryText(point["name"], out string name) || point["sets"] is not JsonArray sets) return null;
            var texts = new List<string>();
            foreach (var set in sets)
            {
                if (!TryText(set, out string text)) return null;
                texts.Add(text);
            }
            read[name] = [.. texts];
        }
        return read;
    }

    private static bool TryText(JsonNode? node, out string text)
    {
        text = "";
        return node is JsonValue value && value.TryGetValue(out string? s) && (text = s) is not null;
    }
}
