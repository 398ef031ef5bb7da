using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// The built-in processes, addressed by specs of the form <c>name:key=value,…</c>; a path to a process
/// JSON file; a product of either joined by <c>*</c> (a factored process, e.g. <c>mess3*z1r</c>); or a non-ergodic
/// mixture of any of these joined by <c>+</c>, each with an optional weight (<c>0.5@mess3+0.5@mess3:x=0.15</c>).
/// </summary>
public static class ProcessCatalog
{
    /// <summary>The processes of the field, in the order of shared CATALOG.md (<see cref="CatalogEntries"/>).</summary>
    public static IReadOnlyList<CatalogEntry> Entries => CatalogEntries.All;

    /// <summary>
    /// A product of specs joined by <c>*</c>; else a path to a process JSON file when the spec looks like one
    /// (<see cref="IsPath"/>); else a catalog spec. A file in the working directory named like a catalog process
    /// never shadows it: write <c>./mess3</c> to mean the file.
    /// </summary>
    public static HiddenMarkovProcess Resolve(string spec) => Resolve(spec, baseDirectory: null);

    /// <summary>
    /// As <see cref="Resolve(string)"/>, with every relative file path among the spec's components (after the splits on
    /// '+' and '*') read from <paramref name="baseDirectory"/> (null: the working directory).
    /// </summary>
    public static HiddenMarkovProcess Resolve(string spec, string? baseDirectory)
    {
        spec = spec.Trim();
        if (spec.Length == 0)
            throw new ProcessException("process: the spec is empty; give a catalog name (see 'belief processes') or a path to a process JSON file");
        HiddenMarkovProcess Component(string part) => Resolve(part, baseDirectory);
        if (NonErgodicMixture.IsMixture(spec))
            return NonErgodicMixture.Parse(spec, Component);
        if (spec.Contains('*'))
        {
            string[] components = spec.Split('*');
            if (Array.FindIndex(components, c => c.Trim().Length == 0) is var empty and >= 0)
                throw new ProcessException($"product '{Abbreviation.Of(spec)}': component {empty + 1} of {components.Length} is empty; allowed: specs joined by single '*', e.g. mess3*z1r");
            return ProductProcess.Of(components.Select(Component).ToArray());
        }
        if (IsPath(spec))
            return ProcessFile.Load(baseDirectory is null || Path.IsPathRooted(spec) ? spec : Path.Combine(baseDirectory, spec));
        return Parse(spec);
    }

    /// <summary>A spec names a file when it contains a directory separator or ends in <c>.json</c>.</summary>
    public static bool IsPath(string spec) =>
        spec.Contains('/') || spec.Contains('\\') || spec.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A hint when the unknown name is also a file or directory here, which a bare name never means.</summary>
    private static string LocalHint(string spec) =>
        File.Exists(spec) ? $"; for the file here, write ./{spec}"
        : Directory.Exists(spec) ? $"; '{Abbreviation.Of(spec)}' here is a directory" : "";

    /// <summary>
    /// Parses a catalog spec <c>name:key=value,…</c>; omitted parameters take their defaults. Values may be vectors
    /// <c>[a,b]</c> or matrices <c>[[a,b],[c,d]]</c>: commas inside brackets do not separate parameters.
    /// </summary>
    public static HiddenMarkovProcess Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = (colon < 0 ? spec : spec[..colon]).Trim();
        var (entry, spelling) = Entries.Select(e => (Entry: e, Spelling: e.Spelling(name))).FirstOrDefault(e => e.Spelling is not null);
        if (entry is null || spelling is null)
            throw new ProcessException($"process '{Abbreviation.Of(spec)}': unknown process '{Abbreviation.Of(name)}'; known processes: {string.Join(", ", Entries.Select(e => e.Name))} (or a path to a process JSON file: with a '/' or ending in .json{LocalHint(spec)})");
        var values = entry.Parameters.ToDictionary(p => p.Name, p => p.Default);
        var given = new HashSet<string>();
        if (colon >= 0)
        {
            var assignments = SpecSyntax.SplitTopLevel(spec[(colon + 1)..])
                ?? throw new ProcessException($"process '{Abbreviation.Of(spec)}': its brackets do not pair up; write a vector as [a,b,…] and a matrix as [[a,b],[c,d]]");
            string allowed = entry.Parameters.Count == 0 ? "it takes no parameters" : "allowed: " + string.Join(", ", entry.Parameters.Select(p => p.Name));
            foreach (var assignment in assignments.Where(a => a.Length > 0))
            {
                int eq = assignment.IndexOf('=');
                if (eq < 0)
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': '{Abbreviation.Of(assignment)}' is not of the form key=value; {allowed}");
                string key = assignment[..eq].Trim();
                var parameter = entry.Parameters.FirstOrDefault(p => p.Name == key)
                    ?? throw new ProcessException($"process '{Abbreviation.Of(spec)}': unknown parameter '{Abbreviation.Of(key)}' for {entry.Name}; {allowed}");
                if (!given.Add(key))
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': parameter '{Abbreviation.Of(key)}' is given twice");
                if (parameter.TryParse(assignment[(eq + 1)..].Trim(), out var value) is { } problem)
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': parameter '{key}' {problem}");
                values[key] = value;
            }
        }
        string canonical = entry.Spec(spelling, n => values[n]);
        var parameters = new ParameterValues(entry.Parameters, values, given, spec);
        try
        {
            return entry.Build(parameters, canonical);
        }
        catch (ProcessException e) when (e.Message.StartsWith(canonical + ": ", StringComparison.Ordinal))
        {
            // The process these values build is invalid (HiddenMarkovProcess names its source, the canonical spec):
            // say which parameters did it.
            throw parameters.Invalid(e.Message[(canonical.Length + 2)..]);
        }
    }
}
