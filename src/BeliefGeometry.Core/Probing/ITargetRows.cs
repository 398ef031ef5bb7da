namespace BeliefGeometry.Probing;

/// <summary>Targets as the Gram kernel reads them: row i, <see cref="Columns"/> float64 values.</summary>
internal interface ITargetRows
{
    int Rows { get; }
    int Columns { get; }

    /// <summary>Writes row <paramref name="row"/> into <paramref name="destination"/> (Columns long).</summary>
    void CopyRow(int row, Span<double> destination);

    /// <summary>Asks the cache for row <paramref name="row"/> ahead of a <see cref="CopyRow"/> (a hint).</summary>
    void Prefetch(int row);
}
