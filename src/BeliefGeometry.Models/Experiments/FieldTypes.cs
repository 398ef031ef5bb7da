using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Models.Experiments;

/// <summary>The field types experiment files use.</summary>
public static class FieldTypes
{
    /// <summary>A finite number passing <paramref name="valid"/>.</summary>
    public static FieldType<double> Number(string allowed, Func<double, bool> valid) =>
        new("number", allowed, (JsonNode n, out double v) => TryNumber(n, out v) && valid(v), v => JsonValue.Create(v));

    /// <summary>A finite number passing <paramref name="valid"/>, or null.</summary>
    public static FieldType<double?> OptionalNumber(string allowed, Func<double, bool> valid) =>
        new("number or null", allowed, (JsonNode n, out double? v) =>
        {
            v = TryNumber(n, out double x) && valid(x) ? x : null;
            return v is not null;
        }, v => v is { } x ? JsonValue.Create(x) : null, Nullable: true);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (<c>1e7</c> and <c>3.0</c> count as whole).</summary>
    public static FieldType<long> Integer(long min, long max = long.MaxValue) =>
        new("integer", IntegerRange(min, max), (JsonNode n, out long v) => TryInteger(n, out v) && v >= min && v <= max, v => JsonValue.Create(v));

    /// <summary>An <see cref="int"/> of at least <paramref name="min"/>.</summary>
    public static FieldType<int> Int(int min, int max = int.MaxValue) =>
        new("integer", IntegerRange(min, max), (JsonNode n, out int v) =>
        {
            bool ok = TryInteger(n, out long x) && x >= min && x <= max;
            v = ok ? (int)x : 0;
            return ok;
        }, v => JsonValue.Create(v));

    /// <summary>A whole number of at least <paramref name="min"/>, or null.</summary>
    public static FieldType<long?> OptionalInteger(long min, string allowed) =>
        new("integer or null", allowed, (JsonNode n, out long? v) =>
        {
            v = TryInteger(n, out long x) && x >= min ? x : null;
            return v is not null;
        }, v => v is { } x ? JsonValue.Create(x) : null, Nullable: true);

    /// <summary>An <see cref="int"/> from <paramref name="min"/> to <paramref name="max"/>, or null.</summary>
    public static FieldType<int?> OptionalInt(int min, string allowed, int max = int.MaxValue) =>
        new("integer or null", allowed, (JsonNode n, out int? v) =>
        {
            v = TryInteger(n, out long x) && x >= min && x <= max ? (int)x : null;
            return v is not null;
        }, v => v is { } x ? JsonValue.Create(x) : null, Nullable: true);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static FieldType<bool> Bool { get; } = new("bool", "true or false", (JsonNode n, out bool v) =>
    {
        v = n.GetValueKind() == JsonValueKind.True;
        return n.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
    }, v => JsonValue.Create(v));

    /// <summary>A string passing <paramref name="valid"/>.</summary>
    public static FieldType<string> Text(string allowed, Func<string, bool> valid) =>
        new("string", allowed, (JsonNode n, out string v) =>
        {
            v = n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : "";
            return n.GetValueKind() == JsonValueKind.String && valid(v);
        }, v => JsonValue.Create(v));

    /// <summary>One of <paramref name="choices"/>.</summary>
    public static FieldType<string> Choice(IReadOnlyList<string> choices) => Text(string.Join(", ", choices), choices.Contains);

    /// <summary>An object of feature-set name → a non-empty list of distinct hook-point names.</summary>
    public static FieldType<NamedFeatureSets> FeatureSets { get; } = new("object",
        "an object of set name → list of distinct hook-point names, e.g. {\"mids\": [\"blocks.0.hook_resid_mid\", \"blocks.1.hook_resid_mid\"]}",
        (JsonNode n, out NamedFeatureSets v) =>
        {
            v = NamedFeatureSets.None;
            if (n is not JsonObject o) return false;
            var sets = new List<NamedFeatureSet>();
            foreach (var (name, value) in o)
            {
                if (name.Trim().Length == 0 || value is not JsonArray a || a.Count == 0 ||
                    a.Any(h => h is not JsonValue s || s.GetValueKind() != JsonValueKind.String || s.GetValue<string>().Trim().Length == 0))
                    return false;
                string[] hooks = [.. a.Select(h => h!.GetValue<string>())];
                if (hooks.Distinct().Count() != hooks.Length) return false;
                sets.Add(new NamedFeatureSet(name, hooks));
            }
            v = new NamedFeatureSets(sets);
            return true;
        },
        v => new JsonObject(v.Sets.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)new JsonArray([.. s.Of.Select(h => (JsonNode?)JsonValue.Create(h))])))));

    /// <summary>A finite JSON number.</summary>
    public static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value) && double.IsFinite(value);
    }

    /// <summary>A JSON number that is whole and fits a <see cref="long"/>.</summary>
    public static bool TryInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            return false;
        if (v.TryGetValue(out value))
            return true;
        // 1e7 or 3.0: accept numbers that are whole and fit.
        if (!v.TryGetValue(out double d) || !double.IsFinite(d) || d != Math.Floor(d) || Math.Abs(d) >= 9.2e18)
            return false;
        value = (long)d;
        return true;
    }

    private static string IntegerRange(long min, long max) =>
        max >= int.MaxValue ? $"an integer ≥ {min}" : string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
}
