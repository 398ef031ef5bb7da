namespace BeliefGeometry.Probing;

/// <summary>x̄ = Σw x / S_w and S_xx = XᵀWX − S_w x̄x̄ᵀ (p×p, row-major) of the rows of a statistics object.</summary>
internal sealed class CenteredFeatures
{
    public CenteredFeatures(SufficientStatistics stats)
    {
        int p = stats.FeatureCount;
        double sw = stats.WeightSum;
        Mean = new double[p];
        for (int j = 0; j < p; j++) Mean[j] = stats.FeatureSum(j) / sw;
        Cross = new double[p * p];
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++) Cross[j * p + k] = stats.FeatureCross(j, k) - sw * Mean[j] * Mean[k];
    }

    public double[] Mean { get; }
    public double[] Cross { get; }
}
