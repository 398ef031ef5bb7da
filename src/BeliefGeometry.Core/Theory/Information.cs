namespace BeliefGeometry.Theory;

/// <summary>Shannon information of finite distributions, in bits (nats where the name says so).</summary>
public static class Information
{
    /// <summary>H[p] = −Σᵢ pᵢ log₂ pᵢ (terms with pᵢ ≤ 0 contribute nothing).</summary>
    public static double Entropy(ReadOnlySpan<double> p)
    {
        double h = 0;
        foreach (double x in p)
            if (x > 0) h -= x * Math.Log2(x);
        return h;
    }

    /// <summary>Converts bits to nats (× ln 2).</summary>
    public static double BitsToNats(double bits) => bits * Math.Log(2);
}
