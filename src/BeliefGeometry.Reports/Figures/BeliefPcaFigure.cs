using System.Globalization;
using BeliefGeometry.Geometry;
using BeliefGeometry.Processes;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Beliefs of any number of states seen through the weighted PCA of the ground-truth beliefs: the truth and the
/// prediction projected on the same components and drawn on the same limits, coloured by their first three PCA
/// coordinates (scaled to the truth's range) as RGB. Only an HMM's beliefs (<see cref="BeliefSpace.Simplex"/>) get the
/// pure states marked as the simplex's corners and edges; a generalized HMM's unit vectors are no beliefs, so nothing
/// is drawn for them.
/// </summary>
public static class BeliefPcaFigure
{
    /// <summary>A generalized HMM gets the 3-D view while PC1 and PC2 hold less than this share of the variance.</summary>
    public const double FlatShare = 0.99;

    private static readonly Color EdgeColor = Color.FromHex("#D1D5DB"), BoxColor = Color.FromHex("#E5E7EB"), AxisColor = Color.FromHex("#9CA3AF");

    /// <summary>A line under the points, in panel coordinates, with the name written at its end (an axis) or none.</summary>
    private readonly record struct Segment((double U, double V) From, (double U, double V) To, Color Color, string? Name = null);

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

    /// <summary>
    /// Writes basePath.png and basePath.svg: the <see cref="Views"/> of the truth and, beside them (one view) or below
    /// (two), the same views of the prediction.
    /// </summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        beliefs.Validate();
        int n = beliefs.StateNames.Count, k = Math.Min(3, n);
        var pca = PrincipalComponents.Fit(beliefs.Truth, n, beliefs.Weights);
        var ratio = pca.ExplainedVarianceRatio;
        var truth = Padded(pca.Project(beliefs.Truth, k), k);
        var prediction = beliefs.Prediction is null ? null : Padded(pca.Project(beliefs.Prediction, k), k);
        double[]? corners = null;
        if (beliefs.Space == BeliefSpace.Simplex)
        {
            var identity = new double[n * n];
            for (int s = 0; s < n; s++) identity[s * n + s] = 1;
            corners = Padded(pca.Project(identity, k), k);
        }

        // The truth's range per coordinate: for the colours, and the 3-D view's box.
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
        var rows = new[] { (Title: beliefs.TruthTitle, Points: truth), (Title: beliefs.PredictionTitle, Points: prediction) }
            .Where(r => r.Points is not null).Select(r => (r.Title, Points: r.Points!)).ToList();

        var panels = new Plot[rows.Count * views.Count];
        for (int v = 0; v < views.Count; v++)
        {
            var view = views[v];
            Func<double, double, double, (double U, double V)> place = view switch
            {
                PcaView.Pc1Pc2 => (x, y, _) => (x, y),
                PcaView.Pc1Pc3 => (x, _, z) => (x, z),
                _ => ObliqueProjection.Default.Project,
            };
            var segments = view == PcaView.Oblique ? BoxAndAxes(low, high, ratio, place)
                : corners is null ? [] : SimplexEdges(corners, place);
            var placed = rows.Select(r => Place(r.Points, order, place)).ToList();
            var limits = Limits([.. placed[0], .. segments.SelectMany(s => new[] { s.From, s.To })], placed.Count > 1 ? placed[1] : [],
                view == PcaView.Oblique ? 0.25 : 0.06);
            for (int r = 0; r < rows.Count; r++)
            {
                var plot = view == PcaView.Oblique
                    ? FigureStyle.NewPlot(rows[r].Title, "", "")
                    : FigureStyle.NewPlot(rows[r].Title, AxisLabel(ratio, 0, verbose: true), AxisLabel(ratio, view == PcaView.Pc1Pc2 ? 1 : 2, verbose: true));
                if (view == PcaView.Oblique)
                {
                    plot.HideAxesAndGrid();
                    plot.Axes.Title.IsVisible = true;
                }
                foreach (var segment in segments) Draw(plot, segment);
                var colors = PointStyle.Colors(Scaled(rows[r].Points, low, high), beliefs.Weights, order);
                plot.Add.Plottable(new ColoredPoints([.. placed[r].Select(p => p.U)], [.. placed[r].Select(p => p.V)], colors, PointStyle.RadiusFor(order.Length)));
                if (corners is not null && view != PcaView.Oblique) LabelCorners(plot, corners, beliefs.StateNames, place);
                plot.Axes.SetLimits(limits);
                plot.Axes.SquareUnits();
                panels[r * views.Count + v] = plot;
            }
        }
        int columns = views.Count == 1 ? rows.Count : views.Count;
        return FigureRenderer.Write(basePath, 560 * columns, 560 * (panels.Length / columns), panels, columns);
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

    /// <summary>The points (count × 3) in draw order, placed in the panel.</summary>
    private static (double U, double V)[] Place(double[] points, int[] order, Func<double, double, double, (double U, double V)> place) =>
        [.. order.Select(i => place(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]))];

    /// <summary>
    /// Limits shared by the truth's and the prediction's panels: what is always shown (the truth and the lines), widened
    /// for predictions that leave it by at most a quarter of its span per side, then padded by <paramref name="pad"/> of the span.
    /// </summary>
    private static AxisLimits Limits(IReadOnlyList<(double U, double V)> shown, IReadOnlyList<(double U, double V)> prediction, double pad)
    {
        var finite = shown.Where(p => double.IsFinite(p.U) && double.IsFinite(p.V)).ToList();
        if (finite.Count == 0) return new AxisLimits(-1, 1, -1, 1);
        double left = finite.Min(p => p.U), right = finite.Max(p => p.U), bottom = finite.Min(p => p.V), top = finite.Max(p => p.V);
        double width = Math.Max(right - left, 1e-9), height = Math.Max(top - bottom, 1e-9);
        foreach (var (u, v) in prediction)
        {
            if (!double.IsFinite(u) || !double.IsFinite(v)) continue;
            (left, right) = (Math.Max(Math.Min(left, u), left - width / 4), Math.Min(Math.Max(right, u), right + width / 4));
            (bottom, top) = (Math.Max(Math.Min(bottom, v), bottom - height / 4), Math.Min(Math.Max(top, v), top + height / 4));
        }
        double padU = pad * (right - left), padV = Math.Min(pad, 0.08) * (top - bottom);
        return new AxisLimits(left - padU, right + padU, bottom - padV, top + padV);
    }

    /// <summary>The simplex's edges between every pair of pure states.</summary>
    private static List<Segment> SimplexEdges(double[] corners, Func<double, double, double, (double U, double V)> place)
    {
        int n = corners.Length / 3;
        var edges = new List<Segment>();
        for (int s = 0; s < n; s++)
            for (int t = s + 1; t < n; t++)
                edges.Add(new(place(corners[s * 3], corners[s * 3 + 1], corners[s * 3 + 2]), place(corners[t * 3], corners[t * 3 + 1], corners[t * 3 + 2]), EdgeColor));
        return edges;
    }

    /// <summary>
    /// The 3-D view's frame: the truth's bounding box [low, high] as a light wireframe for depth, and the three axes
    /// through the mean, reaching 15% of the widest span beyond the box and named at their positive ends.
    /// </summary>
    private static List<Segment> BoxAndAxes(double[] low, double[] high, IReadOnlyList<double> ratio, Func<double, double, double, (double U, double V)> place)
    {
        (double U, double V) Corner(int bits) =>
            place((bits & 1) == 0 ? low[0] : high[0], (bits & 2) == 0 ? low[1] : high[1], (bits & 4) == 0 ? low[2] : high[2]);
        var segments = new List<Segment>();
        for (int from = 0; from < 8; from++)
            for (int bit = 1; bit < 8; bit <<= 1)
                if ((from & bit) == 0) segments.Add(new(Corner(from), Corner(from | bit), BoxColor));
        double margin = 0.15 * Enumerable.Range(0, 3).Max(c => high[c] - low[c]);
        for (int c = 0; c < 3; c++)
        {
            var (start, end) = (new double[3], new double[3]);
            (start[c], end[c]) = (Math.Min(low[c], 0) - margin, Math.Max(high[c], 0) + margin);
            segments.Add(new(place(start[0], start[1], start[2]), place(end[0], end[1], end[2]), AxisColor, AxisLabel(ratio, c, verbose: false)));
        }
        return segments;
    }

    private static void Draw(Plot plot, Segment segment)
    {
        var line = plot.Add.Line(segment.From.U, segment.From.V, segment.To.U, segment.To.V);
        line.LineColor = segment.Color;
        line.LineWidth = segment.Name is null ? 1 : 1.2f;
        if (segment.Name is null) return;
        var label = plot.Add.Text(segment.Name, segment.To.U, segment.To.V);
        label.LabelFontSize = 14;
        label.LabelFontColor = FigureStyle.Reference;
        label.LabelAlignment = segment.To.U >= segment.From.U ? Alignment.LowerLeft : Alignment.LowerRight;
    }

    /// <summary>The pure states' corners, labelled; states whose corners coincide in this view share one label ("T, F").</summary>
    private static void LabelCorners(Plot plot, double[] corners, IReadOnlyList<string> stateNames, Func<double, double, double, (double U, double V)> place)
    {
        var corner = Enumerable.Range(0, stateNames.Count)
            .Select(s => (State: s, At: place(corners[s * 3], corners[s * 3 + 1], corners[s * 3 + 2])))
            .GroupBy(c => (Math.Round(c.At.U, 6), Math.Round(c.At.V, 6)))
            .Select(g => (g.First().At, Name: string.Join(", ", g.Select(c => stateNames[c.State]))));
        foreach (var (at, name) in corner)
        {
            plot.Add.Marker(at.U, at.V, MarkerShape.OpenCircle, 8, FigureStyle.Reference);
            var label = plot.Add.Text(name, at.U, at.V);
            label.LabelFontSize = 13;
            label.LabelBold = true;
            label.LabelFontColor = Color.FromHex("#111827");
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 5;
            label.OffsetY = -3;
        }
    }
}
