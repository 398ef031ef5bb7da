using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// A simplex found without labels (<c>belief geometry</c>): every row at its barycentric position, the k vertices at
/// the corners of a regular k-gon (for k = 3 the triangle of <see cref="Barycentric"/>), x = Σ_v α_v·corner_v, so a row
/// inside the simplex falls inside the polygon and one outside (some α &lt; 0) outside it. Rows are coloured by an RGB
/// source (e.g. the true 3-state belief) when given, otherwise by their first three barycentric coordinates; heavier rows
/// opaque and on top.
/// </summary>
public static class FoundSimplexFigure
{
    /// <summary>
    /// Writes basePath.png and .svg. <paramref name="barycentric"/>: rows × k; <paramref name="rgb"/>: rows × 3 in [0, 1]
    /// or null.
    /// </summary>
    public static FigureFiles Write(string title, double[] barycentric, int k, double[] weights, double[]? rgb, string basePath)
    {
        ArgumentNullException.ThrowIfNull(barycentric);
        ArgumentNullException.ThrowIfNull(weights);
        if (k < 3) throw new ArgumentOutOfRangeException(nameof(k), k, "a drawn simplex needs at least 3 vertices");
        int n = weights.Length;
        if (barycentric.Length != n * k) throw new ArgumentException($"{barycentric.Length} coordinates for {n} rows of {k}", nameof(barycentric));
        if (rgb is not null && rgb.Length != n * 3) throw new ArgumentException($"{rgb.Length} colour values for {n} rows", nameof(rgb));

        var corners = Enumerable.Range(0, k).Select(v => Corner(v, k)).ToArray();
        var order = PointStyle.DrawOrder(weights);
        var xs = new double[n];
        var ys = new double[n];
        var source = rgb ?? new double[n * 3];
        for (int t = 0; t < n; t++)
        {
            int i = order[t];
            for (int v = 0; v < k; v++)
            {
                double a = barycentric[i * k + v];
                xs[t] += a * corners[v].X;
                ys[t] += a * corners[v].Y;
            }
            if (rgb is null)
                for (int c = 0; c < 3; c++) source[i * 3 + c] = barycentric[i * k + c];
        }

        var plot = FigureStyle.NewPlot(title, "", "");
        plot.HideAxesAndGrid();
        plot.Axes.Title.IsVisible = true;
        double[] ox = [.. corners.Select(c => c.X), corners[0].X], oy = [.. corners.Select(c => c.Y), corners[0].Y];
        var outline = plot.Add.Scatter(ox, oy, FigureStyle.Control);
        outline.MarkerSize = 0;
        outline.LineWidth = 1.2f;
        plot.Add.Plottable(new ColoredPoints(xs, ys, PointStyle.Colors(source, weights, order), PointStyle.RadiusFor(n)));
        for (int v = 0; v < k; v++)
        {
            var label = plot.Add.Text($"v{v}", corners[v].X * 1.08, corners[v].Y * 1.08 + (k == 3 && v < 2 ? -0.04 : 0.0));
            label.LabelFontSize = 14;
            label.LabelBold = true;
            label.LabelFontColor = Color.FromHex("#111827");
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        // The polygon with room for labels, widened (by at most half its size) for rows that fall outside it.
        double left = corners.Min(c => c.X) - 0.15, right = corners.Max(c => c.X) + 0.15;
        double bottom = corners.Min(c => c.Y) - 0.15, top = corners.Max(c => c.Y) + 0.15;
        double span = Math.Max(right - left, top - bottom);
        for (int t = 0; t < n; t++)
        {
            if (!double.IsFinite(xs[t]) || !double.IsFinite(ys[t])) continue;
            left = Math.Max(Math.Min(left, xs[t] - 0.02), corners.Min(c => c.X) - 0.5 * span);
            right = Math.Min(Math.Max(right, xs[t] + 0.02), corners.Max(c => c.X) + 0.5 * span);
            bottom = Math.Max(Math.Min(bottom, ys[t] - 0.02), corners.Min(c => c.Y) - 0.5 * span);
            top = Math.Min(Math.Max(top, ys[t] + 0.02), corners.Max(c => c.Y) + 0.5 * span);
        }
        plot.Axes.SetLimits(left, right, bottom, top);
        plot.Axes.SquareUnits();
        return FigureRenderer.Write(basePath, 560, 560, [plot], 1);
    }

    /// <summary>Corner v of k: the 2-simplex's triangle for k = 3 (centred on its centroid), else a regular k-gon of circumradius 1/√3 with v0 at the top.</summary>
    private static (double X, double Y) Corner(int v, int k)
    {
        if (k == 3)
        {
            var (x, y) = Barycentric.Vertex(v);
            return (x - 0.5, y - Barycentric.Height / 3);
        }
        double angle = Math.PI / 2 - 2 * Math.PI * v / k;
        double radius = 1 / Math.Sqrt(3);
        return (radius * Math.Cos(angle), radius * Math.Sin(angle));
    }
}
