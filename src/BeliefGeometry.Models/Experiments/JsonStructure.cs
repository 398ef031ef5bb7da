using System.Text;
using System.Text.Json;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// Checks the structure of experiment JSON before it is parsed, naming what is wrong and where: a field given twice
/// in one object (by its path), nesting deeper than <see cref="MaxDepth"/>, or malformed text. Lines and positions
/// count from 1; positions are in bytes, as System.Text.Json's are.
/// </summary>
internal static class JsonStructure
{
    /// <summary>Deepest nesting allowed (an experiment file needs 3).</summary>
    public const int MaxDepth = 64;

    /// <summary>Throws an <see cref="ExperimentException"/> starting with <paramref name="source"/> when the JSON is not well formed.</summary>
    public static void Check(string json, string source)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth + 2,
        });
        var names = new Stack<HashSet<string>?>();
        var paths = new Stack<string>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxDepth)
                            throw SectionContext.Fail($"{source}: JSON nested deeper than {MaxDepth} levels at {Where(bytes, reader.TokenStartIndex)}; allowed: at most {MaxDepth}");
                        paths.Push(property ?? (paths.Count == 0 ? "" : paths.Peek()));
                        names.Push(reader.TokenType == JsonTokenType.StartObject ? [] : null);
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        names.Pop();
                        paths.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string name = reader.GetString()!;
                        string parent = paths.Peek();
                        string path = parent.Length == 0 ? name : $"{parent}.{name}";
                        if (!names.Peek()!.Add(name))
                            throw SectionContext.Fail($"{source}: field '{Shorten(path)}' is given twice (in one object), the second time at {Where(bytes, reader.TokenStartIndex)}");
                        property = path;
                        continue;
                }
                if (reader.TokenType != JsonTokenType.PropertyName && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    property = null;
            }
        }
        catch (JsonException e)
        {
            throw SectionContext.Fail($"{source}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
    }

    private static string Where(byte[] bytes, long offset)
    {
        int line = 1, start = 0;
        for (int i = 0; i < offset; i++)
            if (bytes[i] == (byte)'\n') { line++; start = i + 1; }
        return $"line {line}, position {offset - start + 1}";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "…";
}
