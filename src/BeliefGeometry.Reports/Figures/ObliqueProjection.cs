namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// An orthographic 3-D view (z up) from azimuth φ and elevation θ: the eye looks along −d with
/// d = (cos θ cos φ, cos θ sin φ, sin θ), and a point p lands at (u, v) = (p·ê_u, p·ê_v) with the screen axes
/// ê_u = (−sin φ, cos φ, 0) and ê_v = (−sin θ cos φ, −sin θ sin φ, cos θ), both unit and orthogonal to d.
/// </summary>
/// <param name="Azimuth">φ in radians.</param>
/// <param name="Elevation">θ in radians.</param>
public readonly record struct ObliqueProjection(double Azimuth, double Elevation)
{
    /// <summary>φ = −60°, θ = 25°: x runs mostly across, y recedes to the right, z is up.</summary>
    public static readonly ObliqueProjection Default = new(-Math.PI / 3, 25 * Math.PI / 180);

    /// <summary>The screen position (u, v) of the point (x, y, z).</summary>
    public (double U, double V) Project(double x, double y, double z)
    {
        var (sinPhi, cosPhi) = Math.SinCos(Azimuth);
        var (sinTheta, cosTheta) = Math.SinCos(Elevation);
        return (-sinPhi * x + cosPhi * y, -sinTheta * cosPhi * x - sinTheta * sinPhi * y + cosTheta * z);
    }
}
