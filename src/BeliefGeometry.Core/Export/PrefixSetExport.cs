using BeliefGeometry.Data;

namespace BeliefGeometry.Export;

/// <summary>
/// Writes a <see cref="PrefixSet"/>'s ground truth as <c>.npy</c> files, rows in PrefixSet order (the row order of
/// captured activations): <c>beliefs.npy</c> (float64, count × states), <c>prefix_probabilities.npy</c> (float64,
/// count), <c>prefix_lengths.npy</c> (int32, count), <c>prefix_tokens.npy</c> (int32, count × max(longest length, 1),
/// padded with −1).
/// </summary>
public static class PrefixSetExport
{
    public const string BeliefsFile = "beliefs.npy";
    public const string ProbabilitiesFile = "prefix_probabilities.npy";
    public const string LengthsFile = "prefix_lengths.npy";
    public const string TokensFile = "prefix_tokens.npy";

    /// <summary>Writes all four files into <paramref name="directory"/> (created if needed); returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(PrefixSet prefixes, string directory)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        Directory.CreateDirectory(directory);
        string beliefs = Path.Combine(directory, BeliefsFile), probabilities = Path.Combine(directory, ProbabilitiesFile);
        string lengths = Path.Combine(directory, LengthsFile), tokens = Path.Combine(directory, TokensFile);
        WriteBeliefs(prefixes, beliefs);
        WriteProbabilities(prefixes, probabilities);
        WriteLengths(prefixes, lengths);
        WriteTokens(prefixes, tokens);
        return [beliefs, probabilities, lengths, tokens];
    }

    /// <summary>η of every prefix, float64 [count, states].</summary>
    public static void WriteBeliefs(PrefixSet prefixes, string path) =>
        Npy.Write(path, prefixes.Beliefs, prefixes.Count, prefixes.StateCount);

    /// <summary>P(prefix), float64 [count].</summary>
    public static void WriteProbabilities(PrefixSet prefixes, string path) => Npy.Write(path, prefixes.Probabilities);

    /// <summary>Prefix lengths (real tokens, BOS not counted), int32 [count].</summary>
    public static void WriteLengths(PrefixSet prefixes, string path)
    {
        var lengths = new int[prefixes.Count];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = prefixes.Length(i);
        Npy.Write<int>(path, lengths);
    }

    /// <summary>Prefix tokens, int32 [count, max(longest length, 1)], −1 past each prefix's length.</summary>
    public static void WriteTokens(PrefixSet prefixes, string path) =>
        Npy.Write(path, prefixes.PaddedTokens, prefixes.Count, Math.Max(prefixes.MaxLength, 1));
}
