namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Bloch vectors of beliefs in the Pauli basis [tr, b₁, …] (<see cref="Processes.BeliefSpace.Bloch"/>): η ∝ (1, r), so
/// r = (η₁, η₂, …) / η₀ with |r| ≤ 1 for a true belief, and π (the maximally mixed state) at r = 0.
/// </summary>
public static class BlochVectors
{
    /// <summary>
    /// r of each row of <paramref name="beliefs"/> (count × <paramref name="states"/>), divided by
    /// <paramref name="traces"/>[row] rather than by the row's own η₀: for a probe's prediction these are the TRUE
    /// η₀ (η·τ = 1 with τ ∝ e₀ fixes η₀ = 1/τ₀ for every belief), a linear map that draws the probe's errors as they
    /// are, where dividing by a predicted η̂₀ near 0 would throw points far out. A trace ≤ 0 gives NaN (not drawn).
    /// </summary>
    public static double[] Of(ReadOnlySpan<double> beliefs, int states, ReadOnlySpan<double> traces)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(states, 2);
        int count = beliefs.Length / states, components = states - 1;
        if (beliefs.Length != count * states || traces.Length != count)
            throw new ArgumentException($"{beliefs.Length} values of {states} states for {traces.Length} traces", nameof(traces));
        var vectors = new double[count * components];
        for (int i = 0; i < count; i++)
            for (int c = 0; c < components; c++)
                vectors[i * components + c] = traces[i] > 0 ? beliefs[i * states + 1 + c] / traces[i] : double.NaN;
        return vectors;
    }

    /// <summary>η₀ of each row of <paramref name="beliefs"/> (count × <paramref name="states"/>).</summary>
    public static double[] Traces(ReadOnlySpan<double> beliefs, int states)
    {
        var traces = new double[beliefs.Length / states];
        for (int i = 0; i < traces.Length; i++) traces[i] = beliefs[i * states];
        return traces;
    }

    /// <summary>
    /// Colour source (count × 3, each in [0, 1] inside the ball) of Bloch vectors of 2 or 3 components: RGB = (1 + r)/2,
    /// a 2-component r = (r₁, r₂) completed with r₃ = −(r₁ + r₂)/2 so that the disk's four directions get four hues;
    /// the centre is grey.
    /// </summary>
    public static double[] Rgb(ReadOnlySpan<double> vectors, int components)
    {
        if (components is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(components), components, "a Bloch disk has 2 components, a ball 3");
        int count = vectors.Length / components;
        var rgb = new double[count * 3];
        for (int i = 0; i < count; i++)
        {
            var r = vectors.Slice(i * components, components);
            double third = components == 3 ? r[2] : -(r[0] + r[1]) / 2;
            rgb[i * 3] = (1 + r[0]) / 2;
            rgb[i * 3 + 1] = (1 + r[1]) / 2;
            rgb[i * 3 + 2] = (1 + third) / 2;
        }
        return rgb;
    }
}
