using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>How a mixed-state presentation is built.</summary>
/// <param name="Merge">Merge the words of one depth that reach the same belief into one node (a graph); off: one node per word (a tree).</param>
/// <param name="Tolerance">Beliefs in the same cell of a grid of this spacing are the same belief (see <see cref="Numerics.VectorSet"/>: in effect, beliefs that agree to within the tolerance).</param>
/// <param name="MaxNodes">Refuse to build past this many nodes in all, rather than run out of memory.</param>
/// <param name="MaxBytes">Refuse to build past the nodes this much memory holds (<see cref="BytesPerNode"/>); see <see cref="NodeLimit"/>.</param>
public sealed record MspOptions(double Tolerance = 1e-9, bool Merge = true, long MaxNodes = 25_000_000, long MaxBytes = MspOptions.DefaultMaxBytes)
{
    /// <summary>2 GiB.</summary>
    public const long DefaultMaxBytes = 2L << 30;

    public static MspOptions Default { get; } = new();

    /// <summary>
    /// Memory a node costs when every node is a new belief (the worst case, a tree): its belief (n doubles),
    /// successors (V ints), level entry (~24 bytes), next-token class and distribution (V doubles) and hashing
    /// (~40 bytes), doubled for the slack of growing arrays. For Mess3 (n = V = 3): 248 bytes, as measured.
    /// </summary>
    public static long BytesPerNode(HiddenMarkovProcess process) => 2 * (64 + 8L * process.StateCount + 12L * process.TokenCount);

    /// <summary>The most nodes the presentation of <paramref name="process"/> may hold: min(MaxNodes, MaxBytes / bytes a node).</summary>
    public long NodeLimit(HiddenMarkovProcess process) => Math.Max(1, Math.Min(MaxNodes, MaxBytes / BytesPerNode(process)));
}
