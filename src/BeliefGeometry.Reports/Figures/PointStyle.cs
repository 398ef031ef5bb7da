using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>How probability weight becomes drawing order and opacity in the belief scatters.</summary>
internal static class PointStyle
{
    /// <summary>Circle radius in figure units (SVG px): small for dense clouds, larger when there are few points.</summary>
    public static float RadiusFor(int count) => count > 20_000 ? 1.3f : count > 5_000 ? 2f : 3.5f;

    /// <summary>Opacity of the lightest visible point.</summary>
    public const double MinAlpha = 0.25;

    /// <summary>Indices by increasing weight (ties by index), so heavy points are drawn last, on top.</summary>
    public static int[] DrawOrder(double[] weights)
    {
        var order = Enumerable.Range(0, weights.Length).ToArray();
        Array.Sort(order, (a, b) => weights[a] != weights[b] ? weights[a].CompareTo(weights[b]) : a.CompareTo(b));
        return order;
    }

    /// <summary>Opacity MinAlpha + (1 − MinAlpha)·(w / w_max)^¼; zero weight is invisible.</summary>
    public static double Alpha(double weight, double maxWeight) =>
        weight <= 0 || maxWeight <= 0 ? 0 : MinAlpha + (1 - MinAlpha) * Math.Pow(weight / maxWeight, 0.25);

    /// <summary>Colour of row i of a count × 3 colour source, with opacity from its weight.</summary>
    public static Color[] Colors(double[] rgbSource, double[] weights, int[] order)
    {
        double max = weights.Length == 0 ? 0 : weights.Max();
        var colors = new Color[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            colors[k] = BeliefColors.ToColor(rgbSource.AsSpan(i * 3, 3), Alpha(weights[i], max));
        }
        return colors;
    }
}
