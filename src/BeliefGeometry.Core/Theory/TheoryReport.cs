namespace BeliefGeometry.Theory;

/// <summary>
/// What an optimal predictor of a process must track, to depth L (entropies in bits, losses in nats).
/// Serialized with snake_case names this is the JSON of <c>belief theory --json</c>.
/// </summary>
public sealed record TheoryReport
{
    /// <summary>The process spec or file name.</summary>
    public required string Process { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public required IReadOnlyList<string> States { get; init; }
    public required bool IsHmm { get; init; }
    /// <summary>π, the stationary distribution over the presentation's states.</summary>
    public required IReadOnlyList<double> Stationary { get; init; }
    /// <summary>η₀, where sequences start, when the process was given one (normalised η₀·τ = 1); null means η₀ = π.</summary>
    public IReadOnlyList<double>? InitialState { get; init; }

    /// <summary>The ergodic components of a non-ergodic process (<see cref="Processes.ErgodicComponents"/>); null when ergodic.</summary>
    public IReadOnlyList<string>? Components { get; init; }
    /// <summary>β_c, the probability that a sequence comes from component c.</summary>
    public IReadOnlyList<double>? ComponentWeights { get; init; }
    /// <summary>h_μ(c) of each component; h_μ = Σ_c β_c h_μ(c).</summary>
    public IReadOnlyList<double>? ComponentEntropyRateBits { get; init; }
    /// <summary>
    /// H[C | X₁…X_L], L = 0…depth: what is still unknown about which component is active after L tokens (H(β) at L = 0;
    /// it falls to 0 as the sequence identifies its component). Null for an ergodic process.
    /// </summary>
    public IReadOnlyList<double>? ComponentUncertaintyBits { get; init; }

    public required int Depth { get; init; }
    public required double Tolerance { get; init; }

    /// <summary>H(L) = −Σ_{|w|=L} P(w) log₂ P(w) for L = 0…depth.</summary>
    public required IReadOnlyList<double> BlockEntropyBits { get; init; }
    /// <summary>h(L) = H(L) − H(L−1) for L = 1…depth.</summary>
    public required IReadOnlyList<double> MyopicEntropyBits { get; init; }

    /// <summary>
    /// h_μ: exact from the ε-machine when found (for a non-ergodic process, Σ_c β_c h_μ(c), exact when every component's is) (up to the merging tolerance: beliefs closer than it are one
    /// causal state); else h(depth+1), an upper bound.
    /// </summary>
    public required double EntropyRateBits { get; init; }
    public required bool EntropyRateExact { get; init; }

    /// <summary>E = Σ_{L≥1} (h(L) − h_μ), summed to <see cref="ExcessEntropyDepth"/>.</summary>
    public required double ExcessEntropyBits { get; init; }
    public required bool ExcessEntropyExact { get; init; }
    public required int ExcessEntropyDepth { get; init; }
    /// <summary>The last term of the sum (exact h_μ) or the last decrease h(L−1) − h(L) (truncated).</summary>
    public required double ExcessEntropyLastTermBits { get; init; }

    /// <summary>C_μ = H[causal states]; null when no finite ε-machine was found (infinite MSP).</summary>
    public required double? StatisticalComplexityBits { get; init; }
    public required int? CausalStates { get; init; }

    /// <summary>Distinct beliefs among the words of length exactly L with positive probability, L = 0…depth.</summary>
    public required IReadOnlyList<int> UniqueBeliefsAtDepth { get; init; }
    /// <summary>Distinct beliefs over all lengths 0…depth; null when not computed (a product computed per factor).</summary>
    public required int? TotalUniqueBeliefs { get; init; }
    /// <summary>Distinct next-token distributions among those beliefs, per depth.</summary>
    public required IReadOnlyList<int> UniqueNextTokenDistributionsAtDepth { get; init; }
    public required int? TotalUniqueNextTokenDistributions { get; init; }

    /// <summary>H[S | X₁…X_L], the remaining uncertainty in the hidden state, L = 0…depth; null for a generalized HMM.</summary>
    public required IReadOnlyList<double>? SynchronizationBits { get; init; }

    /// <summary>dim col(M), M[s, x] = (T⁽ˣ⁾τ)_s: the directions of belief the next-token distribution responds to (<see cref="NextTokenSubspace"/>).</summary>
    public required int NextTokenRank { get; init; }

    /// <summary>
    /// r(L), L = 0…depth: the fraction of the variance of the beliefs at depth L (weighted by probability) that lies in
    /// null(Mᵀ), where the next token cannot see it; null where the beliefs do not vary (L = 0).
    /// </summary>
    public required IReadOnlyList<double?> FarFutureFractionAtDepth { get; init; }

    /// <summary>r pooled over L = 1…depth with each length weighing 1, as the probes pool prefixes up to n_ctx = depth.</summary>
    public required double? FarFutureFraction { get; init; }

    /// <summary>
    /// The cumulative fraction of belief variance in the first k principal directions, k = 1…n (probability-weighted,
    /// pooled over L = 1…depth; <see cref="BeliefDimensions"/>); null when the beliefs do not vary or there are more than
    /// <see cref="BeliefDimensions.MaxStates"/> states.
    /// </summary>
    public required IReadOnlyList<double>? BeliefExplainedVariance { get; init; }

    /// <summary>
    /// The probability-weighted moments of the beliefs at each depth L = 0…depth (Σp, Σpη, Σpηηᵀ row-major; <see
    /// cref="ComputationalMechanics.BeliefMoments"/>), from which the pooled PCA is computed; null when not accumulated.
    /// Not written to JSON (n² numbers a depth); a product composes its joint moments from its factors'.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<(double Weight, double[] Sum, double[] Outer)>? BeliefMomentsAtDepth { get; init; }

    /// <summary>The fewest principal directions holding 80, 90, 95 and 99% of the belief variance (<see cref="BeliefDimensions.Fractions"/>).</summary>
    public required IReadOnlyList<int>? BeliefDimensionsAt { get; init; }

    /// <summary>Per-position loss floor without BOS: position t has seen t+1 tokens, floor h(t+2)·ln 2, t = 0…depth−1.</summary>
    public required IReadOnlyList<double> LossFloorNats { get; init; }
    /// <summary>Per-position loss floor with BOS at position 0: position t has seen t tokens, floor h(t+1)·ln 2.</summary>
    public required IReadOnlyList<double> LossFloorNatsBos { get; init; }

    /// <summary>Where a quantity is approximate, and why.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
