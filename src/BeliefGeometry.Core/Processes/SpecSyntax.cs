namespace BeliefGeometry.Processes;

/// <summary>The lexical rules of a catalog spec <c>name:key=value,…</c>, whose values may be bracketed lists.</summary>
internal static class SpecSyntax
{
    /// <summary>
    /// Splits on the commas outside brackets, so <c>a=1,probs=[[1,0],[0,1]]</c> gives two items; null when the
    /// brackets do not pair up.
    /// </summary>
    public static IReadOnlyList<string>? SplitTopLevel(string text)
    {
        var items = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    if (--depth < 0) return null;
                    break;
                case ',' when depth == 0:
                    items.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0) return null;
        items.Add(text[start..].Trim());
        return items;
    }
}
