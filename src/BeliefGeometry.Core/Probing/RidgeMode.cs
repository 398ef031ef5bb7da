namespace BeliefGeometry.Probing;

/// <summary>When <see cref="Prober"/> uses ridge with a cross-validated penalty instead of least squares.</summary>
public enum RidgeMode
{
    /// <summary>Always least squares (pseudo-inverse when singular).</summary>
    Never,

    /// <summary>Ridge for the concatenation of blocks and for any block with p ≥ n_eff/4, n_eff = (Σw)²/Σw² over the training rows (<see cref="Prober.EffectiveSampleSize"/>); least squares otherwise.</summary>
    Auto,

    /// <summary>Ridge with a CV'd penalty everywhere.</summary>
    Always,
}
