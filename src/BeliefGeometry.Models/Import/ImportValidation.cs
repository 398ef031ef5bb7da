using System.Text.Json.Serialization;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// The imported model's validation loss per position (<see cref="ValidationSet"/>, exact unless <paramref name="Exact"/>
/// is false) beside the loss floor, both in nats, as an evaluation line of metrics.jsonl has them; <paramref name="MaxExcess"/>
/// is the largest loss − floor over positions, at <paramref name="MaxExcessPosition"/> (0-based).
/// </summary>
public sealed record ImportValidation(
    [property: JsonPropertyName("exact")] bool Exact,
    [property: JsonPropertyName("val_loss")] IReadOnlyList<double> ValLoss,
    [property: JsonPropertyName("floor")] IReadOnlyList<double> Floor,
    [property: JsonPropertyName("mean_val_loss")] double MeanValLoss,
    [property: JsonPropertyName("mean_floor")] double MeanFloor,
    [property: JsonPropertyName("mean_gap")] double MeanGap,
    [property: JsonPropertyName("max_excess")] double MaxExcess,
    [property: JsonPropertyName("max_excess_position")] int MaxExcessPosition)
{
    /// <summary>The numbers of <paramref name="evaluation"/>.</summary>
    public static ImportValidation From(EvaluationResult evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var excess = evaluation.Loss.Zip(evaluation.Floor, (l, f) => l - f).ToList();
        int worst = excess.IndexOf(excess.Max());
        return new ImportValidation(evaluation.Exact, evaluation.Loss, evaluation.Floor, evaluation.MeanLoss, evaluation.MeanFloor,
            evaluation.MeanGap, excess[worst], worst);
    }
}
