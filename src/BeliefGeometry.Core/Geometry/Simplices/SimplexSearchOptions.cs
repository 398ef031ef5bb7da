namespace BeliefGeometry.Geometry.Simplices;

/// <summary>Settings of <see cref="SimplexSearch"/> (docs/design.md section 2.8); the defaults are the CLI's.</summary>
public sealed record SimplexSearchOptions
{
    /// <summary>Most principal components searched (those above the noise floor, up to this many).</summary>
    public int MaxComponents { get; init; } = 24;

    /// <summary>Most vertices of a simplex (k); the fewest is 3, since every 1-D variable is a 2-vertex "simplex".</summary>
    public int MaxVertices { get; init; } = 8;

    /// <summary>Share of the rows (drawn at random) whose fits are scored on the others.</summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>Rows drawn (in proportion to their weights) from each split for fitting and for scoring.</summary>
    public int SampleRows { get; init; } = 3000;

    /// <summary>Training rows drawn for the independent component analysis (the simplex fits use the first <see cref="SampleRows"/> of them).</summary>
    public int IndependentRows { get; init; } = 40000;

    /// <summary>Fits of each null per candidate. A candidate is found when its held-out error is below every draw (p = 1/(Nulls + 1))…</summary>
    public int Nulls { get; init; } = 19;

    /// <summary>… and at most this fraction of each null's mean (an effect size, not only a rank).</summary>
    public double MaxNullRatio { get; init; } = 0.5;

    /// <summary>Mutual information (nats, 8 × 8 equal-count bins) below which two components are not grouped.</summary>
    public double MinimumInformation { get; init; } = 0.02;

    public ulong Seed { get; init; }

    /// <summary>Threads for the null fits.</summary>
    public int Threads { get; init; } = 2;
}
