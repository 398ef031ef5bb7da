using System.Text.Json;
using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>Writes <see cref="RidgeMode"/> in lower case (<c>"never"</c>, <c>"auto"</c>, <c>"always"</c>) like the rest of probe.json.</summary>
public sealed class RidgeModeJsonConverter() : JsonStringEnumConverter<RidgeMode>(JsonNamingPolicy.SnakeCaseLower);
