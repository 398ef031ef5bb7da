namespace BeliefGeometry.Reports.Figures;

/// <summary>Which belief-geometry figure is drawn (<see cref="BeliefFigure.KindOf"/>).</summary>
public enum BeliefFigureKind
{
    /// <summary>An HMM of 3 states: the 2-simplex (<see cref="SimplexFigure"/>).</summary>
    Simplex,

    /// <summary>An HMM of another state count: the weighted PCA with the simplex's corners and edges.</summary>
    SimplexPca,

    /// <summary>A qubit with 2 Bloch components: the unit disk (<see cref="BlochFigure"/>).</summary>
    BlochDisk,

    /// <summary>A qubit with 3 Bloch components: the unit ball, in three orthogonal projections.</summary>
    BlochBall,

    /// <summary>Any other generalized HMM: the weighted PCA alone, no corners (<see cref="BeliefPcaFigure"/>).</summary>
    Pca,
}
