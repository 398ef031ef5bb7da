namespace BeliefGeometry.Models.Training;

/// <summary>Per-position validation loss next to the per-position loss floor (both nats) at one step.</summary>
public sealed record EvaluationResult(long Step, IReadOnlyList<double> Loss, IReadOnlyList<double> Floor, bool Exact)
{
    /// <summary>Mean validation loss over positions.</summary>
    public double MeanLoss => Loss.Average();

    /// <summary>Mean floor over positions.</summary>
    public double MeanFloor => Floor.Average();

    /// <summary>Mean of loss − floor over positions: how far the model is from an optimal predictor.</summary>
    public double MeanGap => MeanLoss - MeanFloor;
}
