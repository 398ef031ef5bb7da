using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// The <c>model</c> field: <c>kind</c> picks a <see cref="ModelFamily"/> from <see cref="ModelFamilies"/>, whose schema
/// reads the other fields. A field of another family is named as such (<c>does not apply to kind 'transformer'</c>).
/// </summary>
internal sealed class ModelField : IConfigField<ExperimentConfig>
{
    public string Name => "model";

    /// <summary><c>kind</c>, then every family's fields, each once, in the order the families are registered.</summary>
    public IReadOnlyList<string> SectionFields => ["kind", .. ModelFamilies.All.SelectMany(f => f.FieldNames).Distinct()];

    public ExperimentConfig Read(ExperimentConfig config, JsonObject node, SectionContext context)
    {
        string allowed = $"an object with fields {string.Join(", ", SectionFields)}";
        if (!node.TryGetPropertyValue(Name, out var value))
            throw context.Error($"field 'model' is missing; allowed: {allowed}", Name);
        if (value is not JsonObject model)
            throw context.Invalid(Name, value, allowed);
        var s = context.Child(Name);
        string kind = Kind().Read("", model, s);
        var family = ModelFamilies.Of(kind)!;
        IReadOnlyList<string> fields = ["kind", .. family.FieldNames];
        foreach (var (field, _) in model)
            if (!fields.Contains(field))
                throw SectionFields.Contains(field)
                    ? s.Error($"field '{s.Path(field)}' does not apply to kind '{kind}'; fields for {kind}: {string.Join(", ", fields)}", field, "kind")
                    : s.Error($"unknown field '{s.Path(field)}'; allowed: {string.Join(", ", fields)}", field);
        return config with { Model = new ModelConfig(kind, family.Read(kind, model, s)) };
    }

    public void Write(ExperimentConfig config, JsonObject node)
    {
        var model = new JsonObject { ["kind"] = config.Model.Kind };
        foreach (var (field, value) in config.Model.Family.Write(config.Model.Shape))
            model[field] = value?.DeepClone();
        node[Name] = model;
    }

    /// <summary><c>kind</c>, required, one of the registered kinds (read into a string "config").</summary>
    private static ConfigField<string, string> Kind() =>
        new("kind", FieldTypes.Choice(ModelFamilies.Kinds), kind => kind, (_, kind) => kind, "the model family") { Required = true };

    public string MarkdownRow(ExperimentConfig defaults) => "| `model` | object | required | see below |";
}
