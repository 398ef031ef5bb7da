namespace BeliefGeometry.Json;

/// <summary>Shortens user-given text quoted in messages and tables, so that a huge field prints as one short line.</summary>
public static class Abbreviation
{
    /// <summary>Longest text quoted whole.</summary>
    public const int MaxLength = 80;

    /// <summary>Longest file path quoted whole: paths are legitimately long, so only absurd ones are cut.</summary>
    public const int MaxPathLength = 1_000;

    /// <summary>
    /// <paramref name="text"/> when at most <paramref name="max"/> characters, else its first characters and
    /// "… (N characters)"; control characters (newlines, NUL, …) are shown as \uXXXX.
    /// </summary>
    public static string Of(string text, int max = MaxLength)
    {
        string head = text.Length <= max ? text : text[..max];
        if (head.Any(char.IsControl))
            head = string.Concat(head.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text.Length <= max ? head : $"{head}… ({text.Length:N0} characters)";
    }

    /// <summary>A file path as messages quote it: whole up to <see cref="MaxPathLength"/> characters.</summary>
    public static string OfPath(string path) => Of(path, MaxPathLength);
}
