using System.Text.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// Loads a process from JSON (comments and trailing commas allowed):
/// <code>
/// { "name": "…", "description": "…", "kind": "hmm" | "generalized",
///   "tokens": ["0", "1"], "states": ["A", "B"],
///   "matrices": { "0": [[…], […]], "1": [[…], […]] } }   // T⁽ˣ⁾[from][to], one per token
/// </code>
/// </summary>
public static class ProcessFile
{
    private static readonly string[] KnownFields = ["name", "description", "kind", "tokens", "states", "matrices"];

    public static HiddenMarkovProcess Load(string path)
    {
        string source = $"process file '{path}'";
        if (!File.Exists(path))
            throw new ProcessException($"{source}: file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new ProcessException($"{source}: cannot be read ({e.Message})"); }
        catch (UnauthorizedAccessException e) { throw new ProcessException($"{source}: cannot be read ({e.Message})"); }
        return Parse(text, source, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses process JSON; <paramref name="source"/> names it in error messages.</summary>
    public static HiddenMarkovProcess Parse(string json, string source, string defaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            string what = e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a field is given twice" : "malformed JSON";
            throw new ProcessException($"{source}: {what} at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ProcessException($"{source}: the top level must be a JSON object with fields {string.Join(", ", KnownFields)}");
            foreach (var property in root.EnumerateObject())
                if (!KnownFields.Contains(property.Name))
                    throw new ProcessException($"{source}: unknown field '{property.Name}'; allowed fields: {string.Join(", ", KnownFields)}");

            string name = OptionalString(root, "name", source) ?? defaultName;
            string description = OptionalString(root, "description", source) ?? "";
            string kind = OptionalString(root, "kind", source) ?? "hmm";
            if (kind is not ("hmm" or "generalized"))
                throw new ProcessException($"{source}: field 'kind' is '{kind}'; allowed: hmm, generalized");
            var tokens = StringArray(root, "tokens", source);
            var states = StringArray(root, "states", source);
            var matrices = Matrices(root, tokens, source);
            return new HiddenMarkovProcess(name, tokens, states, matrices, kind == "generalized", description, source);
        }
    }

    private static string? OptionalString(JsonElement root, string field, string source)
    {
        if (!root.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new ProcessException($"{source}: field '{field}' must be a string");
        return value.GetString();
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
                throw new ProcessException($"{source}: field 'matrices.{property.Name}' names no token; tokens: {string.Join(", ", tokens)}");
        var result = new double[tokens.Length][,];
        for (int x = 0; x < tokens.Length; x++)
        {
            string field = $"matrices.{tokens[x]}";
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
