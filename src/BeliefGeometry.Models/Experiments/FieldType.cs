using System.Text.Json;
using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>Reads a non-null JSON value as a <typeparamref name="TValue"/>; false when it is of the wrong type or out of range.</summary>
public delegate bool JsonReader<TValue>(JsonNode node, out TValue value);

/// <summary>
/// The JSON type of a config field: its name in the README (<c>integer or null</c>), the allowed values an error
/// names (<c>an integer ≥ 1</c>), how a value is read and written, and whether <c>null</c> is accepted.
/// </summary>
public sealed record FieldType<TValue>(string Name, string Allowed, JsonReader<TValue> Read, Func<TValue, JsonNode?> Write, bool Nullable = false);
