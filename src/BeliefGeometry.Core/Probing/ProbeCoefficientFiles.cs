using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Export;

namespace BeliefGeometry.Probing;

/// <summary>
/// The fitted probes of a <see cref="ProbeAnalysis"/> as arrays, so a probe can be applied to new activations:
/// for every result, <c>&lt;features&gt;__&lt;target&gt;.coef.npy</c> (float64 [p, d], B) and
/// <c>&lt;features&gt;__&lt;target&gt;.intercept.npy</c> (float64 [d], a) in the original, unstandardised feature
/// space, ŷ = x·B + a with x the features' row (for a concatenation: its blocks' rows side by side in the order
/// listed); and <c>index.json</c> listing each probe with its files, blocks, fit and held-out R² (names are made
/// file-safe, so read the file names from the index). Layout: docs/run-directory.md.
/// </summary>
public static class ProbeCoefficientFiles
{
    /// <summary>The run-directory folder of the probe arrays.</summary>
    public const string DirectoryName = "probes";

    public const string IndexName = "index.json";

    /// <summary>
    /// Writes every result that has coefficients into <paramref name="directory"/>, replacing what was there: the
    /// files are written into <c>directory.tmp</c>, which then takes the directory's place, so a killed run leaves
    /// either the old folder or the whole new one (and perhaps the temporary folder). Returns the index path.
    /// </summary>
    public static string Write(string directory, ProbeAnalysis analysis)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(analysis);
        string final = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        string temporary = final + AtomicFile.TemporarySuffix;
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        var blocks = analysis.Blocks ?? new Dictionary<string, IReadOnlyList<string>>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new JsonArray();
        foreach (var result in analysis.Results)
        {
            if (result.Coefficients is not { } model) continue;
            string stem = FileSafe(result.Features) + "__" + FileSafe(result.Target);
            for (int k = 2; !used.Add(stem); k++) stem = $"{FileSafe(result.Features)}__{FileSafe(result.Target)}-{k}";
            Npy.Write<double>(Path.Combine(temporary, stem + ".coef.npy"), model.Coefficients, model.FeatureCount, model.TargetCount);
            Npy.Write<double>(Path.Combine(temporary, stem + ".intercept.npy"), model.Intercept);
            entries.Add(new JsonObject
            {
                ["features"] = result.Features,
                ["target"] = result.Target,
                ["blocks"] = new JsonArray([.. (blocks.GetValueOrDefault(result.Features) ?? [result.Features]).Select(b => (JsonNode)b)]),
                ["baseline"] = result.Baseline,
                ["random_null"] = result.RandomNull,
                ["feature_count"] = model.FeatureCount,
                ["target_dimension"] = model.TargetCount,
                ["coef"] = stem + ".coef.npy",
                ["intercept"] = stem + ".intercept.npy",
                ["method"] = result.Method,
                ["penalty"] = result.Penalty,
                ["held_out_r2"] = result.HeldOut.R2 is { } r2 && double.IsFinite(r2) ? r2 : null,
            });
        }
        var index = new JsonObject
        {
            ["prediction"] = "y = x @ coef + intercept (x: the features' row, float64; original, unstandardised activations)",
            ["best_belief_features"] = analysis.BestBeliefFeatures,
            ["probes"] = entries,
        };
        AtomicFile.WriteText(Path.Combine(temporary, IndexName), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temporary, final);
        return Path.Combine(final, IndexName);
    }

    /// <summary>
    /// Reads the probe <paramref name="features"/> → <paramref name="target"/> back from a folder written by <see cref="Write"/>;
    /// null when its index lists no such probe.
    /// </summary>
    public static LinearCoefficients? Read(string directory, string features, string target)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, IndexName)));
        foreach (var entry in index.RootElement.GetProperty("probes").EnumerateArray())
        {
            if (entry.GetProperty("features").GetString() != features || entry.GetProperty("target").GetString() != target) continue;
            var coef = Npy.Read(Path.Combine(directory, entry.GetProperty("coef").GetString()!));
            var intercept = Npy.Read(Path.Combine(directory, entry.GetProperty("intercept").GetString()!));
            if (coef.Shape.Count != 2 || intercept.Shape.Count != 1 || coef.Shape[1] != intercept.Shape[0])
                throw new InvalidDataException($"{directory}: probe {features} → {target} has coefficients of shape ({string.Join(", ", coef.Shape)}) and an intercept of shape ({string.Join(", ", intercept.Shape)})");
            double? penalty = entry.GetProperty("penalty").ValueKind == JsonValueKind.Number ? entry.GetProperty("penalty").GetDouble() : null;
            return new LinearCoefficients((int)coef.Shape[0], (int)coef.Shape[1], coef.ToArray<double>(), intercept.ToArray<double>(),
                penalty ?? 0, PseudoInverse: false, Rank: (int)coef.Shape[0]);
        }
        return null;
    }

    /// <summary>Letters, digits, '.', '-' and '_' kept; anything else becomes '_'.</summary>
    private static string FileSafe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return builder.Length == 0 ? "_" : builder.ToString();
    }
}
