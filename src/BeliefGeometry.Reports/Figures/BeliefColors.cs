using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>Colour of a belief: (η₀, η₁, η₂) → (R, G, B), each clamped to [0, 1] (only for the colour).</summary>
public static class BeliefColors
{
    /// <summary>The RGB bytes of a 3-wide belief; a pure state is a pure primary colour.</summary>
    public static (byte R, byte G, byte B) ToRgb(ReadOnlySpan<double> belief)
    {
        if (belief.Length != 3)
            throw new ArgumentException($"a belief of {belief.Length} states; RGB needs 3", nameof(belief));
        return (ToByte(belief[0]), ToByte(belief[1]), ToByte(belief[2]));
    }

    /// <summary>The colour of <paramref name="belief"/> with the given opacity (0…1).</summary>
    public static Color ToColor(ReadOnlySpan<double> belief, double alpha = 1)
    {
        var (r, g, b) = ToRgb(belief);
        return new Color(r, g, b, ToByte(alpha));
    }

    /// <summary>Maps [0, 1] to 0…255, clamping outside values and NaN to the nearest end (NaN → 0).</summary>
    public static byte ToByte(double value) =>
        double.IsNaN(value) ? (byte)0 : (byte)Math.Round(255 * Math.Clamp(value, 0, 1));
}
