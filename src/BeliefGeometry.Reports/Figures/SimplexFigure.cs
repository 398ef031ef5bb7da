using BeliefGeometry.Processes;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// 3-state beliefs in the 2-simplex: each prefix's η drawn at its barycentric position in an equilateral
/// triangle, coloured (η₀, η₁, η₂) → RGB, heavier prefixes opaque and on top; the ground truth beside the
/// probe's prediction (predictions are drawn where they fall, even off the triangle).
/// </summary>
public static class SimplexFigure
{
    /// <summary>Writes basePath.png and basePath.svg; <paramref name="beliefs"/> must be an HMM's (<see cref="BeliefSpace.Simplex"/>) of 3 states.</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        beliefs.Validate();
        if (beliefs.StateNames.Count != 3)
            throw new ArgumentException($"{beliefs.StateNames.Count} states; the simplex figure needs 3 (use BeliefPcaFigure)", nameof(beliefs));
        if (beliefs.Space != BeliefSpace.Simplex)
            throw new ArgumentException($"beliefs in the space {beliefs.Space} are not distributions; the simplex figure needs an HMM's (use BeliefFigure)", nameof(beliefs));

        var order = PointStyle.DrawOrder(beliefs.Weights);
        var truthXy = Positions(beliefs.Truth, order);
        var predictionXy = beliefs.Prediction is null ? default : Positions(beliefs.Prediction, order);
        var limits = Limits(truthXy, predictionXy);

        // Each panel colours a point by its own belief: the prediction panel by the (clamped) predicted η.
        var panels = new List<Plot> { Panel(beliefs.TruthTitle, beliefs, truthXy, PointStyle.Colors(beliefs.Truth, beliefs.Weights, order), limits) };
        if (beliefs.Prediction is not null)
            panels.Add(Panel(beliefs.PredictionTitle, beliefs, predictionXy, PointStyle.Colors(beliefs.Prediction, beliefs.Weights, order), limits));
        return FigureRenderer.Write(basePath, 560 * panels.Count, 560, panels, panels.Count);
    }

    private static (double[] X, double[] Y) Positions(double[] beliefs, int[] order)
    {
        var xs = new double[order.Length];
        var ys = new double[order.Length];
        for (int k = 0; k < order.Length; k++)
            (xs[k], ys[k]) = Barycentric.ToCartesian(beliefs.AsSpan(order[k] * 3, 3));
        return (xs, ys);
    }

    private static AxisLimits Limits((double[] X, double[] Y) truth, (double[] X, double[] Y) prediction)
    {
        // The triangle with room for labels, widened (by at most 0.2) for predictions that leave it.
        double left = -0.1, right = 1.1, bottom = -0.1, top = Barycentric.Height + 0.1;
        foreach (var (xs, ys) in new[] { truth, prediction })
        {
            if (xs is null) continue;
            foreach (double x in xs) if (double.IsFinite(x)) { left = Math.Min(left, x - 0.03); right = Math.Max(right, x + 0.03); }
            foreach (double y in ys) if (double.IsFinite(y)) { bottom = Math.Min(bottom, y - 0.03); top = Math.Max(top, y + 0.03); }
        }
        return new AxisLimits(Math.Max(left, -0.3), Math.Min(right, 1.3), Math.Max(bottom, -0.3), Math.Min(top, Barycentric.Height + 0.3));
    }

    private static Plot Panel(string title, BeliefComparison beliefs, (double[] X, double[] Y) xy, Color[] colors, AxisLimits limits)
    {
        var plot = FigureStyle.NewPlot(title, "", "");
        plot.HideAxesAndGrid();
        plot.Axes.Title.IsVisible = true;

        double[] tx = [0, 1, 0.5, 0], ty = [0, 0, Barycentric.Height, 0];
        var outline = plot.Add.Scatter(tx, ty, Color.FromHex("#9CA3AF"));
        outline.MarkerSize = 0;
        outline.LineWidth = 1.2f;

        plot.Add.Plottable(new ColoredPoints(xy.X, xy.Y, colors, PointStyle.RadiusFor(xy.X.Length)));

        for (int s = 0; s < 3; s++)
        {
            var (vx, vy) = Barycentric.Vertex(s);
            var label = plot.Add.Text(beliefs.StateNames[s], vx, vy + (s == 2 ? 0.025 : -0.025));
            label.LabelFontSize = 15;
            label.LabelBold = true;
            label.LabelFontColor = Color.FromHex("#111827");
            label.LabelAlignment = s == 2 ? Alignment.LowerCenter : Alignment.UpperCenter;
        }

        plot.Axes.SetLimits(limits);
        plot.Axes.SquareUnits();
        return plot;
    }
}
