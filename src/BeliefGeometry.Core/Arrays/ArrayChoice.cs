using BeliefGeometry.Json;

namespace BeliefGeometry.Arrays;

/// <summary>Picks the array a spec names among those a file holds, or the only one when none is named.</summary>
internal static class ArrayChoice
{
    /// <summary>Names listed in a message before "… and N more".</summary>
    public const int ListedNames = 10;

    /// <summary>
    /// The index in <paramref name="names"/> of <paramref name="requested"/>, or of the only name when it is null;
    /// otherwise one <see cref="InputException"/> naming <paramref name="file"/> and the names present.
    /// </summary>
    /// <param name="file">The file as messages quote it, e.g. <c>'acts.npz'</c>.</param>
    /// <param name="noun">What the file holds: <c>array</c> or <c>tensor</c>.</param>
    /// <param name="path">The path as given, for the <c>path:NAME</c> hint.</param>
    public static int Select(IReadOnlyList<string> names, string? requested, string file, string noun, string path)
    {
        if (names.Count == 0)
            throw new InputException($"{file} holds no {noun}s; allowed: a file holding at least one [rows, width] {noun}");
        if (requested is null)
        {
            if (names.Count == 1) return 0;
            throw new InputException($"{file} holds {names.Count} {noun}s ({List(names)}); name one as '{Abbreviation.OfPath(path)}:NAME'");
        }
        for (int i = 0; i < names.Count; i++)
            if (names[i] == requested) return i;
        throw new InputException($"{file} has no {noun} '{Abbreviation.Of(requested)}'; it holds {List(names)}");
    }

    /// <summary>The names quoted, the first <see cref="ListedNames"/> of them, then how many more.</summary>
    public static string List(IReadOnlyList<string> names)
    {
        string listed = string.Join(", ", names.Take(ListedNames).Select(n => $"'{Abbreviation.Of(n)}'"));
        return names.Count <= ListedNames ? listed : $"{listed} … and {names.Count - ListedNames:N0} more";
    }
}
