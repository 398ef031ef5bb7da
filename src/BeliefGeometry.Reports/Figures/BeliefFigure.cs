namespace BeliefGeometry.Reports.Figures;

/// <summary>The belief-geometry figure suited to the number of states: the simplex for 3, PCA otherwise.</summary>
public static class BeliefFigure
{
    /// <summary>Writes basePath.png and basePath.svg with <see cref="SimplexFigure"/> or <see cref="BeliefPcaFigure"/>.</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        return beliefs.StateNames.Count == 3
            ? SimplexFigure.Write(beliefs, basePath)
            : BeliefPcaFigure.Write(beliefs, basePath, beliefs.StateNames.Count > 3 ? 3 : 2);
    }
}
