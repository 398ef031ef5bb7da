using System.Text.Encodings.Web;
using System.Text.Json;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Output;

/// <summary>Serializes the documents <c>belief</c> prints with <c>--json</c>.</summary>
public static class CliJson
{
    /// <summary>snake_case, indented, NaN/∞ as null, and non-ASCII text (μ, ε, ≈ in notes) left readable.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteDoubleConverter() },
        TypeInfoResolver = CliJsonContext.Default,
    };

    public static string Serialize(TheoryReport report) => JsonSerializer.Serialize(report, Options.GetTypeInfo(typeof(TheoryReport)));
}
