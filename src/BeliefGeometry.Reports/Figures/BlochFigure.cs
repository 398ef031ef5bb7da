using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// A qubit process's beliefs at their Bloch vectors r = (η₁, …)/η₀ (<see cref="BlochVectors"/>) inside the unit circle:
/// the Bloch disk for 2 components, the Bloch ball's three orthogonal projections (b₁–b₂, b₁–b₃, b₂–b₃) for 3. Points
/// are coloured by their position, RGB = (1 + r)/2, heavier prefixes opaque and on top; the ground truth beside (2
/// components) or above (3) the probe's prediction, whose r is divided by the true η₀ and drawn where it falls.
/// </summary>
public static class BlochFigure
{
    /// <summary>Half the width of the drawn square: the unit circle with room, widened for predictions up to <see cref="MaxExtent"/>.</summary>
    private const double MinExtent = 1.1, MaxExtent = 1.5;

    /// <summary>Writes basePath.png and basePath.svg; <paramref name="beliefs"/> must have 3 or 4 states ([tr, b₁, …]).</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        beliefs.Validate();
        int n = beliefs.StateNames.Count, components = n - 1;
        if (components is not (2 or 3))
            throw new ArgumentException($"{n} states; the Bloch figure needs [tr, b₁, b₂] or [tr, b₁, b₂, b₃]", nameof(beliefs));

        var traces = BlochVectors.Traces(beliefs.Truth, n);
        var truth = BlochVectors.Of(beliefs.Truth, n, traces);
        var prediction = beliefs.Prediction is null ? null : BlochVectors.Of(beliefs.Prediction, n, traces);
        double extent = Extent(truth, prediction);
        var order = PointStyle.DrawOrder(beliefs.Weights);
        (int A, int B)[] planes = components == 2 ? [(0, 1)] : [(0, 1), (0, 2), (1, 2)];

        var panels = new List<Plot>();
        foreach (var (title, vectors) in new[] { (beliefs.TruthTitle, truth), (beliefs.PredictionTitle, prediction) })
        {
            if (vectors is null) continue;
            var colors = PointStyle.Colors(BlochVectors.Rgb(vectors, components), beliefs.Weights, order);
            // The ball's row title once, over its middle projection.
            foreach (var (a, b) in planes)
                panels.Add(Panel(planes.Length == 1 || (a, b) == (0, 2) ? title : "", vectors, components, colors, order, beliefs.StateNames[1 + a], beliefs.StateNames[1 + b], a, b, extent));
        }
        int columns = planes.Length == 1 ? panels.Count : planes.Length;
        return FigureRenderer.Write(basePath, 560 * columns, 560 * (panels.Count / columns), panels, columns);
    }

    private static double Extent(double[] truth, double[]? prediction)
    {
        double extent = MinExtent;
        foreach (double v in prediction is null ? truth : truth.Concat(prediction))
            if (double.IsFinite(v)) extent = Math.Max(extent, Math.Abs(v) + 0.05);
        return Math.Min(extent, MaxExtent);
    }

    private static Plot Panel(string title, double[] vectors, int components, Color[] colors, int[] order,
        string xName, string yName, int a, int b, double extent)
    {
        var plot = FigureStyle.NewPlot(title, xName, yName);
        var circle = plot.Add.Scatter(
            Enumerable.Range(0, 241).Select(k => Math.Cos(k * Math.Tau / 240)).ToArray(),
            Enumerable.Range(0, 241).Select(k => Math.Sin(k * Math.Tau / 240)).ToArray(), Color.FromHex("#9CA3AF"));
        circle.MarkerSize = 0;
        circle.LineWidth = 1.2f;
        foreach (var (x1, y1, x2, y2) in new[] { (-1.0, 0.0, 1.0, 0.0), (0.0, -1.0, 0.0, 1.0) })
        {
            var axis = plot.Add.Line(x1, y1, x2, y2);
            axis.LineColor = Color.FromHex("#D1D5DB");
            axis.LineWidth = 1;
        }
        var xs = order.Select(i => vectors[i * components + a]).ToArray();
        var ys = order.Select(i => vectors[i * components + b]).ToArray();
        plot.Add.Plottable(new ColoredPoints(xs, ys, colors, PointStyle.RadiusFor(order.Length)));
        plot.Layout.Fixed(new PixelPadding(70, 20, 60, 45)); // the same square in every panel, titled or not
        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        plot.Axes.SquareUnits();
        return plot;
    }
}
