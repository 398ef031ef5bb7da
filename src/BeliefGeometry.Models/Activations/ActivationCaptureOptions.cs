namespace BeliefGeometry.Models.Activations;

/// <summary>Settings of <see cref="ActivationCapture"/>.</summary>
public sealed record ActivationCaptureOptions
{
    /// <summary>Hook points to capture; null means <see cref="ActivationCapture.DefaultHooks"/>.</summary>
    public IReadOnlyList<string>? Hooks { get; init; }

    /// <summary>Prefixes per forward pass.</summary>
    public int BatchSize { get; init; } = 8192;

    public ActivationCaptureMethod Method { get; init; } = ActivationCaptureMethod.Auto;
}
