namespace BeliefGeometry.Geometry.Simplices;

/// <summary>A simplex fitted to points in ℝᵐ: its <see cref="Vertices"/> vertices as rows of <see cref="VertexCoordinates"/> (k × m) and the share of the fitted points' variance it leaves unexplained.</summary>
public sealed record SimplexFit(double[] VertexCoordinates, int Vertices, int Dimension, double UnexplainedVariance);
