namespace BeliefGeometry.Probing;

/// <summary>Columns [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) of a matrix, e.g. one target among several side by side.</summary>
public readonly record struct ColumnRange(int Start, int Count)
{
    public int End => Start + Count;
}
