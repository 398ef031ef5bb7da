using System.Text.Json.Serialization;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>The head of probe.json beside the <see cref="Probing.ProbeAnalysis"/>: which run, process and model, which hook points, how long it took.</summary>
public sealed record ProbeRunInfo(
    [property: JsonPropertyName("run")] string? Run,
    [property: JsonPropertyName("process")] string? Process,
    [property: JsonPropertyName("parameters")] long? Parameters,
    [property: JsonPropertyName("hooks")] IReadOnlyList<string>? Hooks,
    [property: JsonPropertyName("capture_seconds")] double? CaptureSeconds,
    [property: JsonPropertyName("probe_seconds")] double? ProbeSeconds);
