using System.Text;
using System.Text.Json;

namespace BeliefGeometry.Json;

/// <summary>
/// Reads a JSON document for a user-written file (comments and trailing commas allowed) and refuses, in one line
/// naming the source, the field and the line and position: malformed JSON, a field given twice in one object, and
/// nesting deeper than <see cref="MaxDepth"/>. Callers choose their exception type through <c>fail</c>.
/// </summary>
public static class StrictJson
{
    /// <summary>Deepest nesting of objects and arrays accepted (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false, MaxDepth = MaxDepth + 1,
    };

    /// <summary>
    /// Parses <paramref name="json"/>; every problem becomes <paramref name="fail"/>("{source}: …"), one line.
    /// The caller disposes the document.
    /// </summary>
    public static JsonDocument Parse(string json, string source, Func<string, Exception> fail)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Check(bytes, source, fail);
        try { return JsonDocument.Parse(bytes, DocumentOptions); }
        catch (JsonException e) { throw fail($"{source}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}"); }
    }

    /// <summary>Checks <paramref name="json"/> without building a document: every problem becomes <paramref name="fail"/>("{source}: …").</summary>
    public static void Check(string json, string source, Func<string, Exception> fail) => Check(Encoding.UTF8.GetBytes(json), source, fail);

    /// <summary>One pass of the reader: syntax with positions, duplicate fields by name and position, and depth.</summary>
    private static void Check(byte[] bytes, string source, Func<string, Exception> fail)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth + 1,
        });
        // One frame per open object or array: the field names seen (objects only) and the field that holds it.
        var frames = new Stack<(HashSet<string>? Names, string Path)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxDepth)
                        {
                            var (line, position) = Position(bytes, reader.TokenStartIndex);
                            throw fail($"{source}: nested too deeply at line {line}, position {position}; at most {MaxDepth} levels of objects and arrays are allowed");
                        }
                        string path = frames.Count == 0 ? "" : property is not null ? Join(frames.Peek().Path, property) : frames.Peek().Path + "[]";
                        frames.Push((reader.TokenType == JsonTokenType.StartObject ? [] : null, path));
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        if (!frames.Peek().Names!.Add(property))
                        {
                            var (line, position) = Position(bytes, reader.TokenStartIndex);
                            throw fail($"{source}: a field is given twice: '{Abbreviation.Of(Join(frames.Peek().Path, property))}' at line {line}, position {position}; each field may appear once in an object");
                        }
                        break;
                    default:
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw fail($"{source}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>1-based line and byte position in that line of the byte at <paramref name="index"/>.</summary>
    private static (long Line, long Position) Position(byte[] bytes, long index)
    {
        long line = 1, start = 0;
        for (long i = 0; i < index; i++)
            if (bytes[i] == (byte)'\n') { line++; start = i + 1; }
        return (line, index - start + 1);
    }
}
