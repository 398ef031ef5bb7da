namespace BeliefGeometry.Beliefs;

/// <summary>
/// A mixed-state presentation would not fit its node limit at the depth asked for. <see cref="Reason"/> says
/// why and what fits, so a caller can name its own setting (the CLI's <c>--depth</c>); the message is
/// "depth <see cref="Depth"/>: <see cref="Reason"/>".
/// </summary>
public sealed class DepthLimitException(int depth, string reason) : InputException($"depth {depth}: {reason}")
{
    /// <summary>The depth that does not fit.</summary>
    public int Depth { get; } = depth;

    public string Reason { get; } = reason;
}
