using System.Globalization;

namespace BeliefGeometry.Processes;

/// <summary>A named family of processes in the catalog: its parameters and how to build one.</summary>
public sealed record CatalogEntry(
    string Name,
    string Description,
    IReadOnlyList<ProcessParameter> Parameters,
    Func<IReadOnlyDictionary<string, double>, string, HiddenMarkovProcess> Build)
{
    /// <summary>The canonical spec with every parameter spelled out, e.g. <c>mess3:x=0.05,a=0.85</c>.</summary>
    public string Spec(IReadOnlyDictionary<string, double> values) =>
        Parameters.Count == 0
            ? Name
            : Name + ":" + string.Join(",", Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={values[p.Name]}")));
}
