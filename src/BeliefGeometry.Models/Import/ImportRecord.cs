using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// <c>import.json</c> of a run made by <c>belief import</c> (docs/run-directory.md): the state dict it came from (file
/// name, SHA-256, size), its config file and fields as given, the process, the constant buffers left out, and the
/// imported model's per-position validation loss against the loss floor.
/// </summary>
public sealed record ImportRecord(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("source_sha256")] string SourceSha256,
    [property: JsonPropertyName("source_bytes")] long SourceBytes,
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("config_fields")] JsonObject ConfigFields,
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("ignored")] IReadOnlyList<string> Ignored,
    [property: JsonPropertyName("validation")] ImportValidation Validation)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the record to <paramref name="path"/>, atomically.</summary>
    public void Write(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, Options) + "\n");

    /// <summary>The import.json of <paramref name="run"/>, or null when the run was not imported; one line when it is not a record of this form.</summary>
    public static ImportRecord? Read(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!File.Exists(run.ImportPath)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<ImportRecord>(File.ReadAllText(run.ImportPath), Options);
            if (record is not { Source: not null, SourceSha256.Length: 64, Config: not null, ConfigFields: not null, Process: not null, Ignored: not null,
                    Validation: { ValLoss: not null, Floor: not null } })
                throw new JsonException("a field is missing or malformed");
            return record;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new InputException($"'{run.ImportPath}' is not an import record written by 'belief import' ({e.Message.Split('\n', 2)[0].TrimEnd('.')})");
        }
    }
}
