namespace BeliefGeometry.Models.Activations;

/// <summary>How <see cref="ActivationCapture"/> computes activations; every method gives RunWithCache's values.</summary>
public enum ActivationCaptureMethod
{
    /// <summary><see cref="Incremental"/> for a <see cref="Transformer.HookedTransformer"/>, otherwise <see cref="PrefixForward"/>.</summary>
    Auto,

    /// <summary>Any model: level by level, RunWithCache on each prefix as a whole sequence (with BOS when the layout has one), keeping the last position.</summary>
    PrefixForward,

    /// <summary>
    /// Transformers only: level by level, one new position per prefix, attending to keys and values cached
    /// from its ancestors (the parent chain). Total work is one token position per prefix.
    /// </summary>
    Incremental,
}
