namespace BeliefGeometry.Theory;

/// <summary>Settings of <see cref="ProcessTheory.Compute"/>.</summary>
/// <param name="Depth">Largest word length L reported (H(0…L), h(1…L), beliefs per depth, loss floors for L positions).</param>
/// <param name="Tolerance">Beliefs (and next-token distributions) in the same cell of a grid of this spacing are the same (1e-15 to 0.5).</param>
/// <param name="RecurrenceSearchLimit">Largest number of distinct beliefs among which a finite recurrent set (the ε-machine) is sought.</param>
/// <param name="ConvergenceTolerance">E = Σ (h(L) − h_μ) is summed until a term falls below this (bits), when h_μ is exact.</param>
/// <param name="MaxExcessEntropyDepth">Largest L summed for E.</param>
/// <param name="MaxLevelNodes">Beyond the requested depth, levels are only extended while they hold at most this many nodes.</param>
/// <param name="MaxNodes">The mixed-state presentation may hold at most this many nodes (see <see cref="Beliefs.MspOptions.MaxNodes"/>).</param>
/// <param name="MaxBytes">… and at most the nodes this much memory holds (see <see cref="Beliefs.MspOptions.NodeLimit"/>).</param>
public sealed record TheoryOptions(
    int Depth = 10,
    double Tolerance = 1e-9,
    int RecurrenceSearchLimit = 100_000,
    double ConvergenceTolerance = 1e-13,
    int MaxExcessEntropyDepth = 100_000,
    int MaxLevelNodes = 100_000,
    long MaxNodes = 25_000_000,
    long MaxBytes = Beliefs.MspOptions.DefaultMaxBytes);
