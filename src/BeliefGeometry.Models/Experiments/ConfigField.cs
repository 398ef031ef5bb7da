using System.Globalization;
using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>One field of a config section, as the schema sees it: read, written and documented from one declaration.</summary>
public interface IConfigField<TConfig>
{
    /// <summary>The snake_case JSON name.</summary>
    string Name { get; }

    /// <summary>The fields of this field's own section (<c>training</c> → optimizer, lr, …); null for a plain value.</summary>
    IReadOnlyList<string>? SectionFields { get; }

    /// <summary><paramref name="config"/> with this field read from <paramref name="node"/> (left as it is when absent and optional).</summary>
    TConfig Read(TConfig config, JsonObject node, SectionContext context);

    /// <summary>Adds this field's value in <paramref name="config"/> to <paramref name="node"/>.</summary>
    void Write(TConfig config, JsonObject node);

    /// <summary>The README row: <c>| `name` | type | default | allowed / meaning |</c>, the default taken from <paramref name="defaults"/>.</summary>
    string MarkdownRow(TConfig defaults);
}

/// <summary>
/// A field holding a plain value: its name, <see cref="FieldType{TValue}"/>, how to get it from and set it in the
/// config record (<c>c =&gt; c.Lr</c>, <c>(c, v) =&gt; c with { Lr = v }</c>) and its meaning for the README. The
/// default is whatever the record's own initialiser gives (the schema's default instance), so it is written once.
/// </summary>
public sealed class ConfigField<TConfig, TValue>(
    string name, FieldType<TValue> type, Func<TConfig, TValue> get, Func<TConfig, TValue, TConfig> set, string meaning) : IConfigField<TConfig>
{
    public string Name { get; } = name;

    public FieldType<TValue> Type { get; } = type;

    /// <summary>The README's "Allowed / meaning" text.</summary>
    public string Meaning { get; } = meaning;

    /// <summary>A missing field is an error (instead of keeping the default).</summary>
    public bool Required { get; init; }

    /// <summary>Leave the field out of <c>config.json</c> when it is null (<c>training.steps</c> and <c>training.tokens</c>: only the one set is written).</summary>
    public bool OmitNull { get; init; }

    /// <summary>The README's default text, when it is not the default value itself (e.g. <c>—</c>).</summary>
    public string? DefaultText { get; init; }

    public IReadOnlyList<string>? SectionFields => null;

    public TConfig Read(TConfig config, JsonObject node, SectionContext context)
    {
        if (!node.TryGetPropertyValue(Name, out var value))
            return Required ? throw context.Error($"field '{context.Path(Name)}' is missing; allowed: {Type.Allowed}", Name) : config;
        if (value is null)
            return Type.Nullable && !Required ? set(config, default!) : throw context.Invalid(Name, value, Type.Allowed);
        return Type.Read(value, out var read) ? set(config, read) : throw context.Invalid(Name, value, Type.Allowed);
    }

    public void Write(TConfig config, JsonObject node)
    {
        var value = Type.Write(get(config));
        if (value is not null || !OmitNull)
            node[Name] = value;
    }

    public string MarkdownRow(TConfig defaults) =>
        $"| `{Name}` | {Type.Name} | {DefaultText ?? (Required ? "required" : $"`{Markdown(Type.Write(get(defaults)))}`")} | {Meaning} |";

    /// <summary>A JSON value as the README writes it: numbers in shortest form with a lower-case exponent (<c>1e-05</c>).</summary>
    internal static string Markdown(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when FieldTypes.TryNumber(v, out double d) && !FieldTypes.TryInteger(v, out _) => d.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant(),
        JsonArray a => "[" + string.Join(", ", a.Select(Markdown)) + "]",
        _ => node.ToJsonString(),
    };
}
