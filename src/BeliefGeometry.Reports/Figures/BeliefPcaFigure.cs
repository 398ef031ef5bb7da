using System.Globalization;
using BeliefGeometry.Geometry;
using BeliefGeometry.Processes;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Beliefs of any number of states seen through the weighted PCA of the ground-truth beliefs: the truth and the
/// prediction projected on the same components, coloured by their first three PCA coordinates (scaled to the truth's
/// range) as RGB. Only an HMM's beliefs (<see cref="BeliefSpace.Simplex"/>) get the pure states marked as the simplex's
/// corners and edges; a generalized HMM's unit vectors are no beliefs, so nothing is drawn for them.
/// </summary>
public static class BeliefPcaFigure
{
    /// <summary>A generalized HMM gets the 3-D view while PC1 and PC2 hold less than this share of the variance.</summary>
    public const double FlatShare = 0.99;

    /// <summary>
    /// The views of each row (truth, prediction): for an HMM PC1–PC2, and PC1–PC3 beside it for more than 3 states; for
    /// anything else PC1–PC2, and the oblique 3-D view when a third component carries variance (the first two hold
    /// less than <see cref="FlatShare"/>).
    /// </summary>
    public static IReadOnlyList<PcaView> Views(BeliefSpace space, int states, IReadOnlyList<double> cumulativeExplainedVariance)
    {
        ArgumentNullException.ThrowIfNull(cumulativeExplainedVariance);
        if (space == BeliefSpace.Simplex)
            return states > 3 ? [PcaView.Pc1Pc2, PcaView.Pc1Pc3] : [PcaView.Pc1Pc2];
        return cumulativeExplainedVariance.Count >= 3 && cumulativeExplainedVariance[1] < FlatShare
            ? [PcaView.Pc1Pc2, PcaView.Oblique]
            : [PcaView.Pc1Pc2];
    }

    /// <summary>Writes basePath.png and basePath.svg: one row of <see cref="Views"/> for the truth and one for the prediction.</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        beliefs.Validate();
        int n = beliefs.StateNames.Count, k = Math.Min(3, n);
        var pca = PrincipalComponents.Fit(beliefs.Truth, n, beliefs.Weights);
        var truth = Padded(pca.Project(beliefs.Truth, k), k);
        var prediction = beliefs.Prediction is null ? null : Padded(pca.Project(beliefs.Prediction, k), k);
        double[]? corners = null;
        if (beliefs.Space == BeliefSpace.Simplex)
        {
            var identity = new double[n * n];
            for (int s = 0; s < n; s++) identity[s * n + s] = 1;
            corners = Padded(pca.Project(identity, k), k);
        }

        // RGB from PCA coordinates, scaled by the truth's range per coordinate.
        var low = new double[3];
        var high = new double[3];
        for (int c = 0; c < 3; c++)
        {
            low[c] = double.PositiveInfinity;
            high[c] = double.NegativeInfinity;
            for (int i = 0; i < truth.Length / 3; i++) { low[c] = Math.Min(low[c], truth[i * 3 + c]); high[c] = Math.Max(high[c], truth[i * 3 + c]); }
        }
        var order = PointStyle.DrawOrder(beliefs.Weights);
        var views = Views(beliefs.Space, n, pca.CumulativeExplainedVariance);
        var ratio = pca.ExplainedVarianceRatio;
        var panels = new List<Plot>();
        foreach (var (title, points) in new[] { (beliefs.TruthTitle, truth), (beliefs.PredictionTitle, prediction) })
        {
            if (points is null) continue;
            var colors = PointStyle.Colors(Scaled(points, low, high), beliefs.Weights, order);
            foreach (var view in views)
                panels.Add(view == PcaView.Oblique
                    ? ObliquePanel(title, points, colors, order, ratio, low, high)
                    : FlatPanel(title, points, colors, order, corners, beliefs.StateNames, 0, view == PcaView.Pc1Pc2 ? 1 : 2, ratio));
        }
        int columns = views.Count == 2 ? 2 : panels.Count;
        int rows = panels.Count / columns;
        return FigureRenderer.Write(basePath, 560 * columns, 560 * rows, panels, columns);
    }

    /// <summary>"PC2 (31% of variance)", or "PC2 (31%)" when not <paramref name="verbose"/>.</summary>
    private static string AxisLabel(IReadOnlyList<double> ratio, int c, bool verbose) => c < ratio.Count
        ? string.Create(CultureInfo.InvariantCulture, $"PC{c + 1} ({100 * ratio[c]:0}%{(verbose ? " of variance" : "")})")
        : $"PC{c + 1}";

    private static double[] Padded(double[] projected, int k)
    {
        if (k == 3) return projected;
        int count = projected.Length / k;
        var padded = new double[count * 3];
        for (int i = 0; i < count; i++)
            for (int c = 0; c < k; c++) padded[i * 3 + c] = projected[i * k + c];
        return padded;
    }

    /// <summary>
    /// Each coordinate mapped from the truth's [low, high] to [0, 1]; a component without variance (below 10⁻⁶ of the
    /// widest span, e.g. the third of a generalized HMM's 3-state beliefs, which lie in the plane η·τ = 1) is a constant
    /// 0.5, so round-off or a prediction's noise off that plane does not paint the points.
    /// </summary>
    private static double[] Scaled(double[] points, double[] low, double[] high)
    {
        double widest = Enumerable.Range(0, 3).Max(c => high[c] - low[c]);
        var scaled = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            int c = i % 3;
            double span = high[c] - low[c];
            scaled[i] = span > 1e-6 * widest ? (points[i] - low[c]) / span : 0.5;
        }
        return scaled;
    }

    private static Plot FlatPanel(string title, double[] points, Color[] colors, int[] order, double[]? corners,
        IReadOnlyList<string> stateNames, int a, int b, IReadOnlyList<double> ratio)
    {
        var plot = FigureStyle.NewPlot(title, AxisLabel(ratio, a, verbose: true), AxisLabel(ratio, b, verbose: true));
        if (corners is not null) DrawSimplex(plot, corners, stateNames, a, b);
        var xs = order.Select(i => points[i * 3 + a]).ToArray();
        var ys = order.Select(i => points[i * 3 + b]).ToArray();
        plot.Add.Plottable(new ColoredPoints(xs, ys, colors, PointStyle.RadiusFor(order.Length)));
        plot.Axes.SquareUnits();
        return plot;
    }

    /// <summary>The simplex's edges and its corners (the pure states), labelled; states whose corners coincide in this view share one label ("T, F").</summary>
    private static void DrawSimplex(Plot plot, double[] corners, IReadOnlyList<string> stateNames, int a, int b)
    {
        int n = stateNames.Count;
        var edgeColor = Color.FromHex("#D1D5DB");
        for (int s = 0; s < n; s++)
            for (int t = s + 1; t < n; t++)
            {
                var edge = plot.Add.Line(corners[s * 3 + a], corners[s * 3 + b], corners[t * 3 + a], corners[t * 3 + b]);
                edge.LineColor = edgeColor;
                edge.LineWidth = 1;
            }
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
    }

    /// <summary>
    /// PC1–PC3 seen obliquely (<see cref="ObliqueProjection.Default"/>), in equal units: the truth's bounding box [low, high]
    /// as a light wireframe for depth, and the three axes through the mean, reaching 15% of the widest span beyond the box
    /// and labelled at their positive ends.
    /// </summary>
    private static Plot ObliquePanel(string title, double[] points, Color[] colors, int[] order, IReadOnlyList<double> ratio,
        double[] low, double[] high)
    {
        var view = ObliqueProjection.Default;
        var plot = FigureStyle.NewPlot(title, "", "");
        plot.HideAxesAndGrid();
        plot.Axes.Title.IsVisible = true;

        var (left, right, bottom, top) = (double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity);
        void Include(double u, double v)
        {
            if (!double.IsFinite(u) || !double.IsFinite(v)) return;
            (left, right, bottom, top) = (Math.Min(left, u), Math.Max(right, u), Math.Min(bottom, v), Math.Max(top, v));
        }
        (double U, double V) Corner(int bits) => view.Project(
            (bits & 1) == 0 ? low[0] : high[0], (bits & 2) == 0 ? low[1] : high[1], (bits & 4) == 0 ? low[2] : high[2]);
        for (int from = 0; from < 8; from++)
            for (int bit = 1; bit < 8; bit <<= 1)
            {
                if ((from & bit) != 0) continue;
                var (a, b) = (Corner(from), Corner(from | bit));
                var edge = plot.Add.Line(a.U, a.V, b.U, b.V);
                edge.LineColor = Color.FromHex("#E5E7EB");
                edge.LineWidth = 1;
            }
        for (int c = 0; c < 3; c++)
        {
            double margin = 0.15 * Enumerable.Range(0, 3).Max(d => high[d] - low[d]);
            var (start, end) = (new double[3], new double[3]);
            (start[c], end[c]) = (Math.Min(low[c], 0) - margin, Math.Max(high[c], 0) + margin);
            var (u0, v0) = view.Project(start[0], start[1], start[2]);
            var (u, v) = view.Project(end[0], end[1], end[2]);
            var line = plot.Add.Line(u0, v0, u, v);
            line.LineColor = Color.FromHex("#9CA3AF");
            line.LineWidth = 1.2f;
            var label = plot.Add.Text(AxisLabel(ratio, c, verbose: false), u, v);
            label.LabelFontSize = 14;
            label.LabelFontColor = FigureStyle.Reference;
            label.LabelAlignment = u >= 0 ? Alignment.LowerLeft : Alignment.LowerRight;
            Include(u, v);
            Include(u0, v0);
        }
        var xs = new double[order.Length];
        var ys = new double[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            (xs[k], ys[k]) = view.Project(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]);
            Include(xs[k], ys[k]);
        }
        plot.Add.Plottable(new ColoredPoints(xs, ys, colors, PointStyle.RadiusFor(order.Length)));
        // Room for the axis labels beyond the axes' ends.
        double padX = 0.25 * (right - left), padY = 0.1 * (top - bottom);
        plot.Axes.SetLimits(left - padX, right + padX, bottom - padY, top + padY);
        plot.Axes.SquareUnits();
        return plot;
    }
}
