using System.Text.Json.Serialization;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Output;

/// <summary>
/// Source-generated JSON for the documents <c>belief</c> prints: snake_case names (docs/design.md section 4),
/// indented, non-finite numbers as null.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    Converters = [typeof(FiniteDoubleConverter)])]
[JsonSerializable(typeof(TheoryReport))]
public sealed partial class CliJsonContext : JsonSerializerContext;
