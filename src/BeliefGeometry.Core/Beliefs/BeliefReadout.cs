using BeliefGeometry.Processes;

namespace BeliefGeometry.Beliefs;

/// <summary>
/// A quantity an optimal predictor knows that is a linear function of its belief, r = η·M (M is n × width, row-major):
/// a factor's own belief in a product, or the posterior over the components of a non-ergodic mixture
/// (docs/design.md sections 1.11 and 2.7). Probes read them beside the joint belief.
/// </summary>
public sealed record BeliefReadout(string Name, string Description, IReadOnlyList<string> Columns, double[] Matrix)
{
    public int Width => Columns.Count;

    /// <summary>r = η·M for one belief.</summary>
    public void Apply(ReadOnlySpan<double> belief, Span<double> readout)
    {
        int width = Width;
        readout = readout[..width];
        readout.Clear();
        for (int i = 0; i < belief.Length; i++)
        {
            double b = belief[i];
            if (b == 0) continue;
            for (int k = 0; k < width; k++) readout[k] += b * Matrix[i * width + k];
        }
    }

    /// <summary>
    /// The readouts of a process: the component posterior of a non-ergodic process (P(c | past) = η·A) and, for a
    /// product, each factor's belief.
    /// </summary>
    public static IReadOnlyList<BeliefReadout> For(HiddenMarkovProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var readouts = new List<BeliefReadout>();
        if (process.Components is { } components)
            readouts.Add(ComponentPosterior(components));
        if (process.Factors is { } factors)
            for (int k = 0; k < factors.Count; k++) readouts.Add(Factor(factors, k));
        return readouts;
    }

    /// <summary>Factor <paramref name="k"/>'s belief (<c>factor_k_belief</c>) from the joint belief of the product of <paramref name="factors"/>.</summary>
    public static BeliefReadout Factor(IReadOnlyList<HiddenMarkovProcess> factors, int k)
    {
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, factors.Count);
        return new BeliefReadout($"factor_{k}_belief", $"the belief of factor {k} ({factors[k].Name})", factors[k].States, FactorMarginal(factors, k));
    }

    /// <summary>P(c | past) = η·A over the ergodic components of a non-ergodic process.</summary>
    public static BeliefReadout ComponentPosterior(ErgodicComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return new BeliefReadout("component_posterior", "P(component | past)", components.Names, components.Posterior.ToArray());
    }

    /// <summary>
    /// Factor k's belief from the joint belief of a product: η_k[a] = Σ_{i : i_k = a} ηᵢ Π_{j≠k} τ_j[i_j]. For a joint belief
    /// η = ⊗_j η_j with η_j·τ_j = 1 this gives η_k exactly (for HMMs, τ = 1: the marginal over the other factors).
    /// Joint state indices are row-major in the factors (the last factor varies fastest).
    /// </summary>
    private static double[] FactorMarginal(IReadOnlyList<HiddenMarkovProcess> factors, int k)
    {
        int n = factors.Aggregate(1, (a, f) => a * f.StateCount), width = factors[k].StateCount;
        var matrix = new double[n * width];
        var index = new int[factors.Count];
        for (int i = 0; i < n; i++)
        {
            int rest = i;
            for (int j = factors.Count - 1; j >= 0; j--) { index[j] = rest % factors[j].StateCount; rest /= factors[j].StateCount; }
            double weight = 1;
            for (int j = 0; j < factors.Count; j++)
                if (j != k) weight *= factors[j].RightEigenvector[index[j]];
            matrix[i * width + index[k]] = weight;
        }
        return matrix;
    }
}
