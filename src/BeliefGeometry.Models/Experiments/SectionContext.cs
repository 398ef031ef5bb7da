using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Json;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// Where a config section is being read: the source (<c>experiment 'x.json'</c>), the <c>--set</c> overrides applied
/// to it and the section's path (<c>training</c>). Builds the one-line errors that name the file, the override to
/// blame (the last one that touched the field or a section holding it) and the field path.
/// </summary>
public sealed class SectionContext
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _source;
    private readonly IReadOnlyList<(string Path, string Text)> _overrides;

    internal SectionContext(string source, IReadOnlyList<(string Path, string Text)> overrides, string prefix)
    {
        _source = source;
        _overrides = overrides;
        Prefix = prefix;
    }

    /// <summary>The section's path; empty at the top level.</summary>
    public string Prefix { get; }

    /// <summary>The full path of <paramref name="field"/> in this section.</summary>
    public string Path(string field) => Prefix.Length == 0 ? field : $"{Prefix}.{field}";

    /// <summary>The context of the sub-section <paramref name="field"/>.</summary>
    public SectionContext Child(string field) => new(_source, _overrides, Path(field));

    /// <summary>An error <c>source[, --set …]: detail</c>, blaming an override of one of <paramref name="fields"/> (names in this section).</summary>
    public ExperimentException Error(string detail, params string[] fields) =>
        Fail($"{Source(fields.Select(Path))}: {detail}");

    /// <summary><c>field 'path' is VALUE; allowed: ALLOWED</c>.</summary>
    public ExperimentException Invalid(string field, JsonNode? node, string allowed) =>
        Error($"field '{Path(field)}' is {Render(node)}; allowed: {allowed}", field);

    /// <summary>The source, plus the last <c>--set</c> that touched one of <paramref name="paths"/> (or a section holding it).</summary>
    internal string Source(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        var culprit = _overrides.LastOrDefault(o => list.Any(p => o.Path == p || p.StartsWith(o.Path + ".", StringComparison.Ordinal)));
        return culprit.Text is null ? _source : $"{_source}, --set {culprit.Text}";
    }

    /// <summary>Whether the last value of <paramref name="field"/> came from a <c>--set</c> override.</summary>
    internal bool IsOverridden(string field) => Source([Path(field)]) != _source;

    internal static ExperimentException Fail(string message) => new(message.ReplaceLineEndings(" "));

    /// <summary>A JSON value as an error shows it: compact, abbreviated to 60 characters.</summary>
    internal static string Render(JsonNode? node) => Abbreviation.Of(node is null ? "null" : node.ToJsonString(Compact), 60);
}
