namespace BeliefGeometry.Geometry.Factored;

/// <summary>The mean and standard deviation of the overlap of random subspaces of given sizes (<see cref="SubspaceOverlap.Random"/>).</summary>
public sealed record OverlapReference(double Mean, double Sd);
