namespace BeliefGeometry.Beliefs;

/// <summary>How a mixed-state presentation is built.</summary>
/// <param name="Merge">Merge the words of one depth that reach the same belief into one node (a graph); off: one node per word (a tree).</param>
/// <param name="Tolerance">Beliefs in the same cell of a grid of this spacing are the same belief (see <see cref="Numerics.VectorSet"/>: in effect, beliefs that agree to within the tolerance).</param>
/// <param name="MaxNodes">Refuse to build past this many nodes in all, rather than run out of memory (a 3-state process costs about 230 bytes a node with its statistics: 25M nodes ≈ 6 GB).</param>
public sealed record MspOptions(double Tolerance = 1e-9, bool Merge = true, long MaxNodes = 25_000_000)
{
    public static MspOptions Default { get; } = new();
}
