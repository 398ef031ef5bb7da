using System.Text.Json;
using System.Text.Json.Serialization;

namespace BeliefGeometry.Cli.Output;

/// <summary>Writes NaN and ±∞ as JSON <c>null</c> (JSON has no such numbers); finite values round-trip.</summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
