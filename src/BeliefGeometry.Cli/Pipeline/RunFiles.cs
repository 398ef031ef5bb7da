using BeliefGeometry.Models.Activations;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>What <c>belief probe</c> and <c>belief report</c> add to a run directory (DESIGN.md section 4).</summary>
public sealed record RunFiles(string Directory)
{
    public string ProbeJson => Path.Combine(Directory, "probe.json");

    /// <summary><c>activations/</c>: one <c>&lt;hook&gt;.npy</c> per probed hook point, the prefixes' ground truth, the probe's predictions.</summary>
    public string Activations => Path.Combine(Directory, ActivationCapture.DirectoryName);

    /// <summary>The best belief probe's predictions on the held-out prefixes, float64 [rows, states].</summary>
    public string BeliefPredictions => Path.Combine(Activations, "belief_predictions.npy");

    /// <summary>The prefix index of each row of <see cref="BeliefPredictions"/>, int32 [rows].</summary>
    public string BeliefPredictionRows => Path.Combine(Activations, "belief_prediction_rows.npy");

    public string Figures => Path.Combine(Directory, "figures");
    public string Report => Path.Combine(Directory, "report.html");
}
