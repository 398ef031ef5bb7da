using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// A field holding a section (<c>data</c>, <c>training</c>, <c>probe</c>): an object read by the section's own
/// <see cref="ConfigSchema{T}"/>. An absent section is read as <c>{}</c>, so its defaults apply and its required
/// fields are still asked for.
/// </summary>
public sealed class SectionField<TConfig, TSection>(
    string name, ConfigSchema<TSection> schema, Func<TConfig, TSection> get, Func<TConfig, TSection, TConfig> set, string defaultText) : IConfigField<TConfig>
{
    public string Name { get; } = name;

    public ConfigSchema<TSection> Schema { get; } = schema;

    public IReadOnlyList<string>? SectionFields => Schema.FieldNames;

    public TConfig Read(TConfig config, JsonObject node, SectionContext context)
    {
        string allowed = $"an object with fields {string.Join(", ", Schema.FieldNames)}";
        if (!node.TryGetPropertyValue(Name, out var value))
            return set(config, Schema.Read([], context.Child(Name)));
        return value is JsonObject section ? set(config, Schema.Read(section, context.Child(Name))) : throw context.Invalid(Name, value, allowed);
    }

    public void Write(TConfig config, JsonObject node) => node[Name] = Schema.Write(get(config));

    public string MarkdownRow(TConfig defaults) => $"| `{Name}` | object | {defaultText} | see below |";
}
