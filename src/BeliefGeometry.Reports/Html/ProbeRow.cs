namespace BeliefGeometry.Reports.Html;

/// <summary>One row of the probe table: a hook point's scores (NaN shows as a dash).</summary>
/// <param name="Hook">Hook point name (or "all layers" for the concatenation).</param>
/// <param name="HeldOutR2">R² on the held-out split.</param>
/// <param name="CvR2">Mean k-fold cross-validated R².</param>
/// <param name="ShuffleR2">R² of the same probe fitted to shuffled targets (the control).</param>
/// <param name="Mse">Weighted mean squared error on the held-out split.</param>
/// <param name="RandomR2">Held-out R² of random features as wide (the null); NaN when not computed.</param>
/// <param name="SplitMean">Mean held-out R² over further seeded splits; NaN when not computed.</param>
/// <param name="SplitSd">Their standard deviation.</param>
/// <param name="UntrainedR2">Held-out R² of the same probe of the model at initialisation, untrained; NaN when not computed.</param>
public sealed record ProbeRow(string Hook, double HeldOutR2, double CvR2, double ShuffleR2, double Mse,
    double RandomR2 = double.NaN, double SplitMean = double.NaN, double SplitSd = double.NaN, double UntrainedR2 = double.NaN);
