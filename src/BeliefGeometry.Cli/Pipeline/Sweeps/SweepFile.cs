using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Cli.Commands;
using BeliefGeometry.Json;
using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// Reads a sweep file (experiments/README.md, "Sweep files"): a base experiment and the <c>--set</c> overrides of its
/// points, as a grid (the Cartesian product of its axes, in order) and/or a list. Every point is resolved as
/// <c>belief experiment</c> would resolve it before anything runs, so a bad point is one line naming the sweep file,
/// the point and the field, and nothing starts.
/// </summary>
public static class SweepFile
{
    private static readonly string[] Fields = ["name", "experiment", "set", "grid", "points"];

    /// <summary>Longest point name (a directory name), in characters; longer names end in a hash of the whole name.</summary>
    private const int MaxNameLength = 160;

    /// <summary>Reads and checks the sweep file at <paramref name="path"/>.</summary>
    public static SweepPlan Load(string path)
    {
        string source = $"sweep '{path}'";
        if (Directory.Exists(path)) throw new InputException($"{source} is a directory; give a sweep JSON file");
        if (!File.Exists(path)) throw new InputException($"{source} does not exist");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InputException($"{source} cannot be read: {e.Message}"); }
        return Parse(text, source, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Reads sweep JSON; a relative experiment path is resolved against <paramref name="baseDirectory"/>.</summary>
    public static SweepPlan Parse(string json, string source, string baseDirectory)
    {
        using var document = StrictJson.Parse(json, source, m => new InputException(m));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Fail(source, $"the top level must be an object with fields {string.Join(", ", Fields)}");
        foreach (var property in root.EnumerateObject())
            if (!Fields.Contains(property.Name))
                throw Fail(source, $"unknown field '{Abbreviation.Of(property.Name)}'; allowed: {string.Join(", ", Fields)}");

        string name = Text(root, "name", source);
        if (!ExperimentSchema.IsName(name))
            throw Fail(source, $"field 'name' is \"{Abbreviation.Of(name)}\"; allowed: letters, digits, '.', '_' and '-', at most 100 characters");
        string experiment = Experiment(Text(root, "experiment", source), baseDirectory);
        var shared = root.TryGetProperty("set", out var set) ? Overrides(set, source, "set") : [];

        var axes = root.TryGetProperty("grid", out var grid) ? Axes(grid, source) : [];
        var list = root.TryGetProperty("points", out var points) ? List(points, source) : null;
        if (axes.Count == 0 && list is null)
            throw Fail(source, root.TryGetProperty("grid", out _)
                ? "field 'grid' is empty; allowed: an object of at least one axis (path → array of values, or name → object of labelled overrides)"
                : "it has no 'grid' and no 'points'; give at least one");

        var combinations = new List<List<Choice>> { new() };
        foreach (var axis in axes)
            combinations = [.. combinations.SelectMany(c => axis.Select(choice => new List<Choice>(c) { choice }))];
        if (list is not null)
            combinations = [.. combinations.SelectMany(c => list.Select(choice => new List<Choice>(c) { choice }))];

        var plan = new List<SweepPoint>();
        var byName = new Dictionary<string, SweepPoint>(StringComparer.Ordinal);
        var bySets = new Dictionary<string, SweepPoint>(StringComparer.Ordinal);
        foreach (var choices in combinations)
        {
            var settings = choices.Where(c => c.Setting is not null).Select(c => c.Setting!.Value).ToList();
            string pointName = PointName(settings);
            var sets = shared.Concat(choices.SelectMany(c => c.Sets)).ToList();
            var point = new SweepPoint(plan.Count, pointName, settings, sets);
            string key = string.Join("\n", sets);
            if (bySets.TryGetValue(key, out var same))
                throw Fail(source, $"point '{pointName}' repeats point '{same.Name}' (the same overrides); give each point once");
            if (byName.TryGetValue(pointName, out var other))
                throw Fail(source, $"points {other.Index} and {plan.Count} are both named '{pointName}'; give their labels or values distinct names");
            try { point = point with { TotalSteps = ExperimentCommand.Resolve(experiment, sets).TotalSteps }; }
            catch (InputException e) { throw Fail(source, $"point '{pointName}': {e.Message}"); }
            bySets[key] = byName[pointName] = point;
            plan.Add(point);
        }
        return new SweepPlan(name, experiment, shared, plan);
    }

    /// <summary>One value of an axis (or one listed point): the overrides it adds and how it shows in the point's name.</summary>
    private sealed record Choice(IReadOnlyList<string> Sets, KeyValuePair<string, string>? Setting);

    /// <summary>
    /// The grid's axes in order. A path axis (<c>"seed": [0, 1, 2]</c>) sets that path to each value; a named axis
    /// (<c>"architecture": {"lstm": {"model": {…}}, …}</c>) applies each label's overrides and shows the label.
    /// </summary>
    private static List<List<Choice>> Axes(JsonElement grid, string source)
    {
        if (grid.ValueKind != JsonValueKind.Object)
            throw Fail(source, "field 'grid' is not an object; allowed: an object of axes (path → array of values, or name → object of labelled overrides)");
        var axes = new List<List<Choice>>();
        foreach (var axis in grid.EnumerateObject())
        {
            string where = $"grid axis '{Abbreviation.Of(axis.Name)}'";
            var choices = new List<Choice>();
            switch (axis.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var value in axis.Value.EnumerateArray())
                        choices.Add(new Choice([Override(axis.Name, value)], new(axis.Name, Display(value))));
                    break;
                case JsonValueKind.Object:
                    foreach (var label in axis.Value.EnumerateObject())
                        choices.Add(new Choice(Overrides(label.Value, source, $"{where}, label '{Abbreviation.Of(label.Name)}'"), new(axis.Name, label.Name)));
                    break;
                default:
                    throw Fail(source, $"{where} is {Kind(axis.Value)}; allowed: an array of values for that path, or an object of labels → overrides");
            }
            if (choices.Count == 0)
                throw Fail(source, $"{where} is empty; allowed: at least one value");
            axes.Add(choices);
        }
        return axes;
    }

    /// <summary>The listed points: each an object of overrides, named after them.</summary>
    private static List<Choice> List(JsonElement points, string source)
    {
        if (points.ValueKind != JsonValueKind.Array)
            throw Fail(source, $"field 'points' is {Kind(points)}; allowed: an array of objects of overrides (path → value)");
        var list = new List<Choice>();
        foreach (var (point, i) in points.EnumerateArray().Select((p, i) => (p, i)))
        {
            var sets = Overrides(point, source, $"points[{i}]");
            string label = point.EnumerateObject().Any() ? string.Join(",", point.EnumerateObject().Select(p => $"{p.Name}={Display(p.Value)}")) : "base";
            list.Add(new Choice(sets, new("point", label)));
        }
        if (list.Count == 0) throw Fail(source, "field 'points' is empty; allowed: at least one object of overrides");
        return list;
    }

    /// <summary>An object of overrides (path → value) as <c>--set</c> texts, in order.</summary>
    private static List<string> Overrides(JsonElement element, string source, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Fail(source, $"{where} is {Kind(element)}; allowed: an object of overrides, path → value (e.g. {{\"training.lr\": 3e-4}})");
        return [.. element.EnumerateObject().Select(p => Override(p.Name, p.Value))];
    }

    /// <summary>
    /// <c>path=value</c> as <c>--set</c> reads it: compact JSON, except that a string is written bare unless it would
    /// read as JSON (then quoted), so <c>process=mess3:x=0.1</c> stays a plain string.
    /// </summary>
    private static string Override(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return $"{path}={JsonSerializer.Serialize(value)}"; // compact, without the file's comments
        string text = value.GetString()!;
        return $"{path}={(ReadsAsJson(text) ? JsonSerializer.Serialize(text) : text)}";
    }

    private static bool ReadsAsJson(string text)
    {
        try { JsonNode.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    /// <summary>A value as a point's name shows it: strings and numbers as written, anything larger by a short hash.</summary>
    private static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => value.GetRawText(),
        _ => Hash(value.GetRawText()),
    };

    /// <summary>
    /// <c>axis=value,axis=value</c>; characters that do not belong in a directory name become '_', and a name over
    /// <see cref="MaxNameLength"/> characters is cut and ends in a hash of the whole.
    /// </summary>
    private static string PointName(IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        string whole = settings.Count == 0 ? "base" : string.Join(",", settings.Select(s => $"{s.Key}={s.Value}"));
        string safe = new([.. whole.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '=' or ',' or ':' or '+' ? c : '_')]);
        if (safe is "." or "..") safe = "_";
        return safe.Length <= MaxNameLength ? safe : safe[..(MaxNameLength - 9)] + "-" + Hash(whole);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    /// <summary>A built-in name stays a name; a file path becomes absolute (relative to the sweep file), so every point and every Slurm task reads the same file.</summary>
    private static string Experiment(string experiment, string baseDirectory) =>
        !experiment.Contains('/', StringComparison.Ordinal) && BuiltInExperiments.Find(experiment) is not null
            ? experiment
            : Path.GetFullPath(experiment, baseDirectory);

    private static string Text(JsonElement root, string field, string source)
    {
        if (!root.TryGetProperty(field, out var value))
            throw Fail(source, $"field '{field}' is missing");
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Fail(source, $"field '{field}' is {Kind(value)}; allowed: a non-empty string");
        return value.GetString()!;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"\"{Abbreviation.Of(value.GetString()!)}\"",
        _ => Abbreviation.Of(value.GetRawText()),
    };

    private static InputException Fail(string source, string message) => new($"{source}: {message}");
}
