namespace BeliefGeometry.Models.Experiments;

/// <summary>Declares the fields of a <typeparamref name="TConfig"/> section with the value type inferred: <c>F.Of("lr", FieldTypes.Number(…), c =&gt; c.Lr, (c, v) =&gt; c with { Lr = v }, "meaning")</c>.</summary>
public static class ConfigFields<TConfig>
{
    /// <summary>A plain field; see <see cref="ConfigField{TConfig, TValue}"/>.</summary>
    public static ConfigField<TConfig, TValue> Of<TValue>(string name, FieldType<TValue> type, Func<TConfig, TValue> get,
        Func<TConfig, TValue, TConfig> set, string meaning, bool required = false, string? defaultText = null, bool omitNull = false) =>
        new(name, type, get, set, meaning) { Required = required, DefaultText = defaultText, OmitNull = omitNull };

    /// <summary>A section field; see <see cref="SectionField{TConfig, TSection}"/>.</summary>
    public static SectionField<TConfig, TSection> Section<TSection>(string name, ConfigSchema<TSection> schema, Func<TConfig, TSection> get,
        Func<TConfig, TSection, TConfig> set, string defaultText) =>
        new(name, schema, get, set, defaultText);
}
