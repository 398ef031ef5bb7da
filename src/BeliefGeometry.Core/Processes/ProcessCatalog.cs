using System.Globalization;
using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// The built-in processes, addressed by specs of the form <c>name:key=value,…</c>; a path to a process
/// JSON file; a product of either joined by <c>*</c> (a factored process, e.g. <c>mess3*z1r</c>); or a non-ergodic
/// mixture of any of these joined by <c>+</c>, each with an optional weight (<c>0.5@mess3+0.5@mess3:x=0.15</c>).
/// </summary>
public static class ProcessCatalog
{
    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        new("mess3", "3 states, 3 tokens; non-unifilar, with an infinite mixed-state presentation whose beliefs form a fractal in the triangle",
            [new("x", 0.05, 0, 0.5, "probability mass moved to each other state"),
             new("a", 0.85, 0, 1, "weight of the token that names the destination state")],
            (p, name) => CatalogProcesses.Mess3(p["x"], p["a"], name)),
        new("rrxor", "two random bits, then their XOR; 5 states, finite mixed-state presentation whose beliefs carry more than the next token",
            [new("p1", 0.5, 0, 1, "probability that the first bit is 0"),
             new("p2", 0.5, 0, 1, "probability that the second bit is 0")],
            (p, name) => CatalogProcesses.Rrxor(p["p1"], p["p2"], name)),
        new("z1r", "zero, one, then a random bit; period-3 with 3 states", [],
            (_, name) => CatalogProcesses.Z1r(name)),
        new("golden_mean", "binary sequences with no two 1s in a row; 2 states, Markov order 1",
            [new("p", 0.5, 0, 1, "probability of a 1 when the previous token was 0")],
            (p, name) => CatalogProcesses.GoldenMean(p["p"], name)),
        new("even", "1s come in runs of even length; 2 states, infinite Markov order",
            [new("p", 0.5, 0, 1, "probability of starting a run of 1s (a pair) after a 0 or a completed pair")],
            (p, name) => CatalogProcesses.Even(p["p"], name)),
    ];

    /// <summary>
    /// A product of specs joined by <c>*</c>; else a path to a process JSON file when the spec looks like one
    /// (<see cref="IsPath"/>); else a catalog spec. A file in the working directory named like a catalog process
    /// never shadows it: write <c>./mess3</c> to mean the file.
    /// </summary>
    public static HiddenMarkovProcess Resolve(string spec)
    {
        spec = spec.Trim();
        if (spec.Length == 0)
            throw new ProcessException("process: the spec is empty; give a catalog name (see 'belief processes') or a path to a process JSON file");
        if (NonErgodicMixture.IsMixture(spec))
            return NonErgodicMixture.Parse(spec, Resolve);
        if (spec.Contains('*'))
        {
            string[] components = spec.Split('*');
            if (Array.FindIndex(components, c => c.Trim().Length == 0) is var empty and >= 0)
                throw new ProcessException($"product '{Abbreviation.Of(spec)}': component {empty + 1} of {components.Length} is empty; allowed: specs joined by single '*', e.g. mess3*z1r");
            return ProductProcess.Of(components.Select(Resolve).ToArray());
        }
        if (IsPath(spec))
            return ProcessFile.Load(spec);
        return Parse(spec);
    }

    /// <summary>A spec names a file when it contains a directory separator or ends in <c>.json</c>.</summary>
    public static bool IsPath(string spec) =>
        spec.Contains('/') || spec.Contains('\\') || spec.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A hint when the unknown name is also a file or directory here, which a bare name never means.</summary>
    private static string LocalHint(string spec) =>
        File.Exists(spec) ? $"; for the file here, write ./{spec}"
        : Directory.Exists(spec) ? $"; '{Abbreviation.Of(spec)}' here is a directory" : "";

    /// <summary>Parses a catalog spec <c>name:key=value,…</c>; omitted parameters take their defaults.</summary>
    public static HiddenMarkovProcess Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = (colon < 0 ? spec : spec[..colon]).Trim();
        var entry = Entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProcessException($"process '{Abbreviation.Of(spec)}': unknown process '{Abbreviation.Of(name)}'; known processes: {string.Join(", ", Entries.Select(e => e.Name))} (or a path to a process JSON file: with a '/' or ending in .json{LocalHint(spec)})");
        var values = entry.Parameters.ToDictionary(p => p.Name, p => p.Default);
        var given = new HashSet<string>();
        if (colon >= 0)
            foreach (var assignment in spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string allowed = entry.Parameters.Count == 0 ? "it takes no parameters" : "allowed: " + string.Join(", ", entry.Parameters.Select(p => p.Name));
                int eq = assignment.IndexOf('=');
                if (eq < 0)
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': '{Abbreviation.Of(assignment)}' is not of the form key=value; {allowed}");
                string key = assignment[..eq].Trim();
                var parameter = entry.Parameters.FirstOrDefault(p => p.Name == key)
                    ?? throw new ProcessException($"process '{Abbreviation.Of(spec)}': unknown parameter '{Abbreviation.Of(key)}' for {entry.Name}; {allowed}");
                string text = assignment[(eq + 1)..].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': parameter '{Abbreviation.Of(key)}' = '{Abbreviation.Of(text)}' is not a number; allowed range {parameter.Range}");
                if (!given.Add(key))
                    throw new ProcessException($"process '{Abbreviation.Of(spec)}': parameter '{Abbreviation.Of(key)}' is given twice");
                if (!parameter.Allows(value))
                    throw new ProcessException(string.Create(CultureInfo.InvariantCulture, $"process '{Abbreviation.Of(spec)}': parameter '{Abbreviation.Of(key)}' = {value} is out of range; allowed range {parameter.Range}"));
                values[key] = value;
            }
        return entry.Build(values, entry.Spec(values));
    }
}
