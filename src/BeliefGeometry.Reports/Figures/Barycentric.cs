namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Barycentric coordinates of the 2-simplex drawn as an equilateral triangle with unit sides: state 0 at the
/// lower left (0, 0), state 1 at the lower right (1, 0), state 2 at the top (½, √3/2).
/// </summary>
public static class Barycentric
{
    /// <summary>Height of the triangle, √3/2.</summary>
    public static readonly double Height = Math.Sqrt(3) / 2;

    /// <summary>The corner of state <paramref name="state"/> (0, 1 or 2).</summary>
    public static (double X, double Y) Vertex(int state) => state switch
    {
        0 => (0, 0),
        1 => (1, 0),
        2 => (0.5, Height),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "a 3-state simplex has states 0, 1 and 2"),
    };

    /// <summary>
    /// The point Σᵢ ηᵢ vᵢ for the three weights η (not required to sum to 1 or be non-negative, so a probe's
    /// prediction off the simplex lands off the triangle).
    /// </summary>
    public static (double X, double Y) ToCartesian(double eta0, double eta1, double eta2) =>
        (eta1 + 0.5 * eta2, Height * eta2);

    /// <summary><see cref="ToCartesian(double, double, double)"/> of a 3-wide belief.</summary>
    public static (double X, double Y) ToCartesian(ReadOnlySpan<double> belief)
    {
        if (belief.Length != 3)
            throw new ArgumentException($"a belief of {belief.Length} states; the triangle needs 3", nameof(belief));
        return ToCartesian(belief[0], belief[1], belief[2]);
    }
}
