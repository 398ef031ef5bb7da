namespace BeliefGeometry.Processes;

/// <summary>
/// A named family of processes in the catalog: its parameters and how to build one. <see cref="Build"/> gets the
/// values and the canonical spec (the process's name); it refuses values that violate a constraint between
/// parameters with <see cref="ParameterValues.Refuse"/>.
/// </summary>
public sealed record CatalogEntry(
    string Name,
    string Description,
    IReadOnlyList<ProcessParameter> Parameters,
    Func<ParameterValues, string, HiddenMarkovProcess> Build)
{
    /// <summary>Other names of the same family, e.g. <c>even</c> for <c>even_ones</c>; a spec keeps the name it was given by.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The entry's name or alias that <paramref name="name"/> spells (ignoring case), or null.</summary>
    public string? Spelling(string name) =>
        new[] { Name }.Concat(Aliases).FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The spec with every parameter spelled out, e.g. <c>mess3:x=0.05,a=0.85</c>; it parses back to the same process.</summary>
    public string Spec(string name, Func<string, ParameterValue> value) =>
        Parameters.Count == 0 ? name : name + ":" + string.Join(",", Parameters.Select(p => $"{p.Name}={value(p.Name)}"));

    /// <summary>The spec of the defaults, e.g. <c>mess3:x=0.05,a=0.85</c>.</summary>
    public string DefaultSpec => Spec(Name, n => Parameters.First(p => p.Name == n).Default);
}
