namespace BeliefGeometry.Reports.Figures;

/// <summary>One view of the beliefs' principal coordinates in <see cref="BeliefPcaFigure"/>.</summary>
public enum PcaView
{
    /// <summary>PC1 across, PC2 up.</summary>
    Pc1Pc2,

    /// <summary>PC1 across, PC3 up.</summary>
    Pc1Pc3,

    /// <summary>PC1, PC2 and PC3 in an oblique 3-D projection (<see cref="ObliqueProjection"/>) with the three axes drawn.</summary>
    Oblique,
}
