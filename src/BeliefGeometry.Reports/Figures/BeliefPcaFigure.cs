using BeliefGeometry.Geometry;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Beliefs of any number of states seen through the weighted PCA of the ground-truth beliefs: the truth and the
/// prediction projected on the same components (PC1–PC2, plus PC1–PC3 for a 3-D view), coloured by their first
/// three PCA coordinates (scaled to the truth's range) as RGB. The pure states are marked as the simplex's corners.
/// </summary>
public static class BeliefPcaFigure
{
    /// <summary>Writes basePath.png and basePath.svg; <paramref name="dimensions"/> is 2 (one view per panel) or 3 (two views).</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath, int dimensions = 2)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        beliefs.Validate();
        if (dimensions is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "must be 2 or 3");
        int n = beliefs.StateNames.Count, k = Math.Min(3, n);
        var pca = PrincipalComponents.Fit(beliefs.Truth, n, beliefs.Weights);
        var truth = Padded(pca.Project(beliefs.Truth, k), k);
        var prediction = beliefs.Prediction is null ? null : Padded(pca.Project(beliefs.Prediction, k), k);
        var identity = new double[n * n];
        for (int s = 0; s < n; s++) identity[s * n + s] = 1;
        var corners = Padded(pca.Project(identity, k), k);

        // RGB from PCA coordinates, scaled by the truth's (and corners') range per coordinate.
        var low = new double[3];
        var high = new double[3];
        for (int c = 0; c < 3; c++)
        {
            low[c] = double.PositiveInfinity;
            high[c] = double.NegativeInfinity;
            for (int i = 0; i < truth.Length / 3; i++) { low[c] = Math.Min(low[c], truth[i * 3 + c]); high[c] = Math.Max(high[c], truth[i * 3 + c]); }
        }
        var order = PointStyle.DrawOrder(beliefs.Weights);
        var views = dimensions == 2 || k < 3 ? new[] { (0, 1) } : new[] { (0, 1), (0, 2) };
        var ratio = pca.ExplainedVarianceRatio;
        var panels = new List<Plot>();
        foreach (var (title, points) in new[] { (beliefs.TruthTitle, truth), (beliefs.PredictionTitle, prediction) })
        {
            if (points is null) continue;
            var colors = PointStyle.Colors(Scaled(points, low, high), beliefs.Weights, order);
            foreach (var (a, b) in views)
                panels.Add(Panel(title, points, colors, order, corners, beliefs.StateNames, a, b, ratio));
        }
        int columns = views.Length == 2 ? 2 : panels.Count;
        int rows = panels.Count / columns;
        return FigureRenderer.Write(basePath, 560 * columns, 560 * rows, panels, columns);
    }

    private static double[] Padded(double[] projected, int k)
    {
        if (k == 3) return projected;
        int count = projected.Length / k;
        var padded = new double[count * 3];
        for (int i = 0; i < count; i++)
            for (int c = 0; c < k; c++) padded[i * 3 + c] = projected[i * k + c];
        return padded;
    }

    private static double[] Scaled(double[] points, double[] low, double[] high)
    {
        var scaled = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            int c = i % 3;
            double span = high[c] - low[c];
            scaled[i] = span > 0 ? (points[i] - low[c]) / span : 0.5;
        }
        return scaled;
    }

    private static Plot Panel(string title, double[] points, Color[] colors, int[] order, double[] corners,
        IReadOnlyList<string> stateNames, int a, int b, IReadOnlyList<double> ratio)
    {
        string Axis(int c) => c < ratio.Count
            ? $"PC{c + 1} ({(100 * ratio[c]).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}% of variance)"
            : $"PC{c + 1}";
        var plot = FigureStyle.NewPlot(title, Axis(a), Axis(b));
        int n = stateNames.Count;
        var edgeColor = Color.FromHex("#D1D5DB");
        for (int s = 0; s < n; s++)
            for (int t = s + 1; t < n; t++)
            {
                var edge = plot.Add.Line(corners[s * 3 + a], corners[s * 3 + b], corners[t * 3 + a], corners[t * 3 + b]);
                edge.LineColor = edgeColor;
                edge.LineWidth = 1;
            }
        var xs = order.Select(i => points[i * 3 + a]).ToArray();
        var ys = order.Select(i => points[i * 3 + b]).ToArray();
        plot.Add.Plottable(new ColoredPoints(xs, ys, colors, PointStyle.RadiusFor(order.Length)));
        // States whose corners coincide in this view share one label ("T, F").
        var corner = Enumerable.Range(0, n)
            .GroupBy(s => (Math.Round(corners[s * 3 + a], 6), Math.Round(corners[s * 3 + b], 6)))
            .Select(g => (X: corners[g.First() * 3 + a], Y: corners[g.First() * 3 + b], Name: string.Join(", ", g.Select(s => stateNames[s]))));
        foreach (var (cx, cy, name) in corner)
        {
            plot.Add.Marker(cx, cy, MarkerShape.OpenCircle, 8, FigureStyle.Reference);
            var label = plot.Add.Text(name, cx, cy);
            label.LabelFontSize = 13;
            label.LabelBold = true;
            label.LabelFontColor = Color.FromHex("#111827");
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 5;
            label.OffsetY = -3;
        }
        plot.Axes.SquareUnits();
        return plot;
    }
}
