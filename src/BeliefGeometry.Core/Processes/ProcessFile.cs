using System.Text;
using System.Text.Json;
using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// Loads a process from JSON (comments and trailing commas allowed):
/// <code>
/// { "name": "…", "description": "…", "kind": "hmm" | "generalized",
///   "tokens": ["0", "1"], "states": ["A", "B"],
///   "matrices": { "0": [[…], […]], "1": [[…], […]] },   // T⁽ˣ⁾[from][to], one per token
///   "initial_state": [1, 0] }                            // optional: η₀, where sequences start (default π)
/// </code>
/// or a chain-conditional factored process (<see cref="ChainProcess"/>), its factors given by process specs:
/// <code>
/// { "name": "…", "chain": [ { "variants": ["mess3"] },
///                           { "variants": ["mess3", "mess3:x=0.15,a=0.6"], "control_map": [0, 1, 1] } ] }
/// </code>
/// </summary>
public static class ProcessFile
{
    private static readonly string[] KnownFields = ["name", "description", "kind", "tokens", "states", "matrices", "initial_state"];

    /// <summary>Largest process file read: 16 MiB (a 1,000-state, 2-token process takes about 20 MB of text, far beyond what the theory can use).</summary>
    public const int MaxFileBytes = 16 << 20;

    /// <summary>Most states a process file may declare (its stationary distribution alone costs n³ operations).</summary>
    public const int MaxStates = 1000;

    /// <summary>Longest <c>name</c>, token name or state name, in characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Longest <c>description</c>, in characters.</summary>
    public const int MaxDescriptionLength = 1000;

    public static HiddenMarkovProcess Load(string path)
    {
        string source = $"process file '{Abbreviation.OfPath(path)}'";
        string full = Path.GetFullPath(path);
        // A chain names its factors by spec, which may be files: refuse a file that names itself, directly or not.
        _loading ??= [];
        if (!_loading.Add(full))
            throw new ProcessException($"{source}: names itself among its factors (through {string.Join(" → ", _loading.Select(Abbreviation.OfPath))}); a chain's factors must be other processes");
        try
        {
            string text = BoundedFile.ReadText(path, MaxFileBytes, source, "a process", message => new ProcessException(message));
            return Parse(text, source, Path.GetFileNameWithoutExtension(path), Path.GetDirectoryName(full));
        }
        finally
        {
            _loading.Remove(full);
        }
    }

    /// <summary>The files being read on this thread, outermost first: a chain's factor files nest.</summary>
    [ThreadStatic] private static HashSet<string>? _loading;

    /// <summary>
    /// Parses process JSON; <paramref name="source"/> names it in error messages. A chain's factor specs that are relative
    /// file paths are resolved against <paramref name="directory"/> (the file's own; default the working directory).
    /// </summary>
    public static HiddenMarkovProcess Parse(string json, string source, string defaultName, string? directory = null)
    {
        using (var document = StrictJson.Parse(json, source, message => new ProcessException(message)))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ProcessException($"{source}: the top level must be a JSON object with fields {string.Join(", ", KnownFields)}");
            if (root.TryGetProperty("chain", out var chain))
                return Chain(root, chain, source, defaultName, directory);
            foreach (var property in root.EnumerateObject())
                if (!KnownFields.Contains(property.Name))
                    throw new ProcessException($"{source}: unknown field '{Abbreviation.Of(property.Name)}'; allowed fields: {string.Join(", ", KnownFields)}");

            string name = OptionalString(root, "name", source) ?? defaultName;
            if (name.Length > MaxNameLength)
                throw new ProcessException($"{source}: field 'name' has {name.Length:N0} characters; at most {MaxNameLength} are allowed");
            ProcessValidation.CheckPrintable(source, "name", name);
            string description = OptionalString(root, "description", source) ?? "";
            if (description.Length > MaxDescriptionLength)
                throw new ProcessException($"{source}: field 'description' has {description.Length:N0} characters; at most {MaxDescriptionLength:N0} are allowed");
            ProcessValidation.CheckPrintable(source, "description", description);
            string kind = OptionalString(root, "kind", source) ?? "hmm";
            if (kind is not ("hmm" or "generalized"))
                throw new ProcessException($"{source}: field 'kind' is '{Abbreviation.Of(kind)}'; allowed: hmm, generalized");
            var tokens = StringArray(root, "tokens", source);
            var states = StringArray(root, "states", source);
            if (states.Length > MaxStates)
                throw new ProcessException($"{source}: field 'states' has {states.Length:N0} names; at most {MaxStates:N0} states are supported");
            foreach (var (field, names) in new[] { ("tokens", tokens), ("states", states) })
                foreach (var n in names)
                    if (n.Length > MaxNameLength)
                        throw new ProcessException($"{source}: field '{field}' has a name of {n.Length:N0} characters ('{Abbreviation.Of(n, 20)}'); at most {MaxNameLength} are allowed");
            var matrices = Matrices(root, tokens, source);
            var initial = InitialState(root, source);
            return new HiddenMarkovProcess(name, tokens, states, matrices, kind == "generalized", description, source, initialState: initial);
        }
    }

    private static string? OptionalString(JsonElement root, string field, string source)
    {
        if (!root.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new ProcessException($"{source}: field '{field}' must be a string");
        return value.GetString();
    }

    private static readonly string[] ChainFields = ["name", "description", "chain"];

    /// <summary>A chain-conditional factored process: <c>chain</c> is an array of factors, each <c>{ "variants": [spec, …], "control_map": [k, …] }</c>.</summary>
    private static HiddenMarkovProcess Chain(JsonElement root, JsonElement chain, string source, string defaultName, string? directory)
    {
        foreach (var property in root.EnumerateObject())
            if (!ChainFields.Contains(property.Name))
                throw new ProcessException($"{source}: unknown field '{Abbreviation.Of(property.Name)}' beside 'chain'; allowed fields: {string.Join(", ", ChainFields)}");
        string name = OptionalString(root, "name", source) ?? defaultName;
        if (chain.ValueKind != JsonValueKind.Array)
            throw new ProcessException($"{source}: field 'chain' must be an array of factors, each {{ \"variants\": [specs], \"control_map\": [variant per token of the previous factor] }}");
        var variants = new List<IReadOnlyList<HiddenMarkovProcess>>();
        var maps = new List<int[]?>();
        int i = 0;
        foreach (var factor in chain.EnumerateArray())
        {
            string field = $"chain[{i}]";
            if (factor.ValueKind != JsonValueKind.Object)
                throw new ProcessException($"{source}: field '{field}' must be an object with 'variants' and, after the first factor, 'control_map'");
            foreach (var property in factor.EnumerateObject())
                if (property.Name is not ("variants" or "control_map"))
                    throw new ProcessException($"{source}: unknown field '{field}.{Abbreviation.Of(property.Name)}'; allowed: variants, control_map");
            if (!factor.TryGetProperty("variants", out var specs) || specs.ValueKind != JsonValueKind.Array || specs.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw new ProcessException($"{source}: field '{field}.variants' must be an array of process specs (strings)");
            variants.Add([.. specs.EnumerateArray().Select(e => Resolve(e.GetString()!, directory, source, $"{field}.variants"))]);
            int[]? map = null;
            if (factor.TryGetProperty("control_map", out var entries))
            {
                if (entries.ValueKind != JsonValueKind.Array || entries.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out _)))
                    throw new ProcessException($"{source}: field '{field}.control_map' must be an array of integers (a variant index per token of factor {i - 1})");
                map = [.. entries.EnumerateArray().Select(e => e.GetInt32())];
            }
            maps.Add(map);
            i++;
        }
        string? description = OptionalString(root, "description", source);
        if (description is not null) ProcessValidation.CheckPrintable(source, "description", description);
        return ChainProcess.Of(variants, maps, name, source, description);
    }

    private static HiddenMarkovProcess Resolve(string spec, string? directory, string source, string field)
    {
        try
        {
            return ProcessCatalog.Resolve(spec, directory);
        }
        catch (ProcessException e)
        {
            throw new ProcessException($"{source}: field '{field}': {e.Message}");
        }
    }

    private static double[]? InitialState(JsonElement root, string source)
    {
        if (!root.TryGetProperty("initial_state", out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array)
            throw new ProcessException($"{source}: field 'initial_state' must be an array of numbers, one per state");
        var entries = value.EnumerateArray().ToArray();
        var initial = new double[entries.Length];
        for (int i = 0; i < entries.Length; i++)
            if (entries[i].ValueKind != JsonValueKind.Number || !entries[i].TryGetDouble(out initial[i]))
                throw new ProcessException($"{source}: field 'initial_state[{i}]' must be a number");
        return initial;
    }

    private static string[] StringArray(JsonElement root, string field, string source)
    {
        if (!root.TryGetProperty(field, out var value))
            throw new ProcessException($"{source}: field '{field}' is missing; it must be an array of names");
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new ProcessException($"{source}: field '{field}' must be an array of strings");
        return value.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static double[][,] Matrices(JsonElement root, string[] tokens, string source)
    {
        if (!root.TryGetProperty("matrices", out var value))
            throw new ProcessException($"{source}: field 'matrices' is missing; it must map each token to its matrix");
        if (value.ValueKind != JsonValueKind.Object)
            throw new ProcessException($"{source}: field 'matrices' must be an object mapping each token name to a square matrix");
        foreach (var property in value.EnumerateObject())
            if (!tokens.Contains(property.Name))
                throw new ProcessException($"{source}: field 'matrices.{Abbreviation.Of(property.Name)}' names no token; tokens: {Abbreviation.Of(string.Join(", ", tokens))}");
        var result = new double[tokens.Length][,];
        for (int x = 0; x < tokens.Length; x++)
        {
            string field = $"matrices.{Abbreviation.Of(tokens[x])}";
            if (!value.TryGetProperty(tokens[x], out var matrix))
                throw new ProcessException($"{source}: field '{field}' is missing; give one matrix per token");
            if (matrix.ValueKind != JsonValueKind.Array)
                throw new ProcessException($"{source}: field '{field}' must be an array of rows");
            var rows = matrix.EnumerateArray().ToArray();
            if (rows.Any(r => r.ValueKind != JsonValueKind.Array))
                throw new ProcessException($"{source}: field '{field}' must be an array of rows, each an array of numbers");
            int width = rows.Length == 0 ? 0 : rows[0].GetArrayLength();
            var m = new double[rows.Length, width];
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].GetArrayLength() != width)
                    throw new ProcessException($"{source}: field '{field}[{i}]' must be a row of {width} numbers like the first row");
                int j = 0;
                foreach (var entry in rows[i].EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Number || !entry.TryGetDouble(out double d))
                        throw new ProcessException($"{source}: field '{field}[{i}][{j}]' must be a number");
                    m[i, j++] = d;
                }
            }
            result[x] = m;
        }
        return result;
    }
}
