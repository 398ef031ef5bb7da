using System.Text;
using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The schema of one config section: its record's default instance and its fields in order, plus the checks that
/// involve several fields. From it come the reader (strict: an unknown field is an error naming the allowed ones),
/// the writer of <c>config.json</c> (every field, defaults filled in) and the README's field table.
/// </summary>
/// <param name="defaults">The record as its initialisers leave it; required fields hold placeholders.</param>
/// <param name="fields">The fields, in the order they are read, written and documented.</param>
/// <param name="check">
/// Rules across fields, run after every field is read; it throws <see cref="SectionContext.Error"/>s. An
/// <see cref="ArgumentException"/> from it (a record's own <c>Validate</c>) becomes an error naming the field its
/// parameter name gives.
/// </param>
public sealed class ConfigSchema<T>(T defaults, IReadOnlyList<IConfigField<T>> fields, Action<T, SectionContext>? check = null)
{
    public T Defaults { get; } = defaults;

    public IReadOnlyList<IConfigField<T>> Fields { get; } = fields;

    public IReadOnlyList<string> FieldNames { get; } = [.. fields.Select(f => f.Name)];

    /// <summary>The same fields and checks, starting from other defaults.</summary>
    public ConfigSchema<T> WithDefaults(T defaults) => new(defaults, Fields, check);

    /// <summary>Reads <paramref name="node"/>: unknown fields first, then every field in order, then <c>check</c>.</summary>
    public T Read(JsonObject node, SectionContext context)
    {
        foreach (var (field, _) in node)
            if (!FieldNames.Contains(field))
                throw context.Error($"unknown field '{context.Path(field)}'; allowed: {string.Join(", ", FieldNames)}", field);
        return ReadKnown(node, context);
    }

    /// <summary>Reads the fields without checking for unknown ones (the caller did, e.g. with a better message).</summary>
    internal T ReadKnown(JsonObject node, SectionContext context)
    {
        var config = Defaults;
        foreach (var field in Fields)
            config = field.Read(config, node, context);
        try { check?.Invoke(config, context); }
        catch (ArgumentException e)
        {
            string field = e.ParamName ?? "kind";
            throw context.Error($"field '{context.Path(field)}': {e.Message.Replace($" (Parameter '{e.ParamName}')", "")}", field, "kind");
        }
        return config;
    }

    /// <summary>Every field of <paramref name="config"/>, in order.</summary>
    public JsonObject Write(T config)
    {
        var node = new JsonObject();
        foreach (var field in Fields)
            field.Write(config, node);
        return node;
    }

    /// <summary>The README table: <c>| Field | Type | Default | Allowed / meaning |</c> and a row per field.</summary>
    public string MarkdownTable(IEnumerable<string>? firstRows = null)
    {
        var table = new StringBuilder("| Field | Type | Default | Allowed / meaning |\n|---|---|---|---|\n");
        foreach (string row in (firstRows ?? []).Concat(Fields.Select(f => f.MarkdownRow(Defaults))))
            table.Append(row).Append('\n');
        return table.ToString();
    }
}
