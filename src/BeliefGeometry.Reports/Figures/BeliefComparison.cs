using BeliefGeometry.Processes;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Beliefs to draw: the ground truth η for each prefix and, optionally, a probe's prediction of it, both
/// row-major count × StateNames.Count, with each prefix's probability as its weight.
/// </summary>
/// <param name="StateNames">Hidden-state names (vertex labels), one per belief entry.</param>
/// <param name="Truth">The exact beliefs.</param>
/// <param name="Prediction">The probe's predictions, same shape, or null to draw the truth alone.</param>
/// <param name="Weights">P(prefix) for each row (only relative sizes matter).</param>
/// <param name="TruthTitle">Title of the ground-truth panel.</param>
/// <param name="PredictionTitle">Title of the prediction panel.</param>
/// <param name="Space">Where the beliefs live (the process's <see cref="HiddenMarkovProcess.BeliefSpace"/>), which picks the figure.</param>
public sealed record BeliefComparison(
    IReadOnlyList<string> StateNames,
    double[] Truth,
    double[]? Prediction,
    double[] Weights,
    string TruthTitle = "Ground truth",
    string PredictionTitle = "Probe prediction",
    BeliefSpace Space = BeliefSpace.Simplex)
{
    /// <summary>Number of points.</summary>
    public int Count => Weights.Length;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field whose shape does not match.</summary>
    public void Validate()
    {
        int n = StateNames.Count;
        if (n < 2) throw new ArgumentException($"{n} state names; beliefs need at least 2 states", nameof(StateNames));
        if (Truth.Length != Weights.Length * n)
            throw new ArgumentException($"{Truth.Length} values for {Weights.Length} weights × {n} states", nameof(Truth));
        if (Prediction is not null && Prediction.Length != Truth.Length)
            throw new ArgumentException($"{Prediction.Length} values; the truth has {Truth.Length}", nameof(Prediction));
        foreach (double w in Weights)
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"weight {w}; weights must be finite and non-negative", nameof(Weights));
    }
}
