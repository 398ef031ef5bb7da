namespace BeliefGeometry.Processes;

/// <summary>
/// Where a process's beliefs live, which decides how they are drawn and read (docs/design.md section 1.2).
/// </summary>
public enum BeliefSpace
{
    /// <summary>An HMM: beliefs are distributions over the states, points of the probability simplex.</summary>
    Simplex,

    /// <summary>
    /// A qubit process in the Pauli (Bloch) basis [tr, b₁, …]: η ∝ (1, r) with r the Bloch vector of the state,
    /// |r| ≤ 1; r = (η₁/η₀, …) lies in the Bloch disk (2 components) or ball (3).
    /// </summary>
    Bloch,

    /// <summary>Any other generalized HMM: beliefs are vectors with η·τ = 1, not points of a simplex.</summary>
    Generalized,
}
