namespace BeliefGeometry.Beliefs;

/// <summary>How a mixed-state presentation is built.</summary>
/// <param name="Tolerance">Beliefs closer than this (max-norm grid, see <see cref="Numerics.VectorSet"/>) are the same belief.</param>
/// <param name="Merge">Merge the words of one depth that reach the same belief into one node (a graph); off: one node per word (a tree).</param>
/// <param name="MaxNodes">Refuse to build past this many nodes in all (about 80 bytes each), rather than run out of memory.</param>
public sealed record MspOptions(double Tolerance = 1e-9, bool Merge = true, long MaxNodes = 50_000_000)
{
    public static MspOptions Default { get; } = new();
}
