using System.Globalization;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// The far-future test across layers: R² of the beliefs from each hook point, from the same hook with the null-space
/// part of the belief shuffled (mean and 5–95% band over the shuffles) and from the untrained model, with the
/// concatenation as separate markers to the right and the model-free references as horizontal lines.
/// </summary>
public static class FarFutureFigure
{
    /// <summary>Writes basePath.png and basePath.svg.</summary>
    public static FigureFiles Write(FarFutureCurves data, string basePath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Hooks.Count == 0) throw new ArgumentException("no hook points to draw", nameof(data));
        var plot = FigureStyle.NewPlot("Beyond the next token: beliefs against shuffled beliefs", "", "R² (5-fold CV)");
        var hooks = data.Hooks;
        var xs = Enumerable.Range(0, hooks.Count).Select(i => (double)i).ToArray();
        double concatenationX = hooks.Count + 0.5;
        var shuffledColor = FigureStyle.Secondary;

        var band = plot.Add.FillY(xs, [.. hooks.Select(h => h.ShuffledLow)], [.. hooks.Select(h => h.ShuffledHigh)]);
        band.FillColor = shuffledColor.WithAlpha(0.2);
        band.LineWidth = 0;
        Curve(plot, xs, [.. hooks.Select(h => h.ShuffledMean)], shuffledColor, "Activations → shuffled (mean, 5–95%)", 2, 6);
        var untrainedColor = FigureStyle.Series[2];
        if (hooks.All(h => double.IsFinite(h.UntrainedR2)))
            Curve(plot, xs, [.. hooks.Select(h => h.UntrainedR2)], untrainedColor, "Untrained model → beliefs", 1.8f, 6).LinePattern = LinePattern.Dashed;
        Curve(plot, xs, [.. hooks.Select(h => h.R2)], FigureStyle.Primary, "Activations → beliefs", 2.5f, 8);

        if (data.Concatenation is { } all)
        {
            var range = plot.Add.Line(concatenationX, all.ShuffledLow, concatenationX, all.ShuffledHigh);
            range.LineColor = shuffledColor;
            range.LineWidth = 3;
            Marker(plot, concatenationX, all.ShuffledMean, shuffledColor, 9);
            if (double.IsFinite(all.UntrainedR2)) Marker(plot, concatenationX, all.UntrainedR2, untrainedColor, 9);
            Marker(plot, concatenationX, all.R2, FigureStyle.Primary, 12);
            plot.Add.VerticalLine(hooks.Count - 0.25, 1, Color.FromHex("#D1D5DB"));
        }

        // The references can coincide (for RRXOR all three are near 1 − r): each is drawn narrower than the one before, so all show.
        for (int i = 0; i < data.References.Count; i++)
        {
            var reference = data.References[i];
            var color = FigureStyle.Series[(3 + i) % FigureStyle.Series.Count];
            var line = plot.Add.HorizontalLine(reference.Value, 2f * (data.References.Count - i), color, LinePattern.Dotted);
            line.LegendText = $"{reference.Label} ({reference.Value.ToString("0.000", CultureInfo.InvariantCulture)})";
        }
        plot.ShowLegend(Edge.Right);

        var ticks = hooks.Select((h, i) => new Tick(i, h.Features)).ToList();
        if (data.Concatenation is { } concatenation) ticks.Add(new Tick(concatenationX, concatenation.Features));
        FigureStyle.NamesOnX(plot, ticks);
        plot.Axes.Bottom.MinimumSize = 170;
        var values = hooks.Concat(data.Concatenation is null ? [] : [data.Concatenation])
            .SelectMany(h => new[] { h.R2, h.ShuffledLow, h.UntrainedR2 }).Concat(data.References.Select(r => r.Value)).Where(double.IsFinite);
        plot.Axes.SetLimits(-0.5, concatenationX + 0.5, Math.Min(0, values.DefaultIfEmpty(0).Min()) - 0.05, 1.06);
        plot.Add.HorizontalLine(0, 1, Color.FromHex("#6B7280"));
        return FigureRenderer.Write(basePath, Math.Max(1100, 80 * hooks.Count + 640), 560, [plot], 1);
    }

    private static ScottPlot.Plottables.Scatter Curve(Plot plot, double[] xs, double[] ys, Color color, string label, float width, float marker)
    {
        var curve = plot.Add.Scatter(xs, ys, color);
        curve.LegendText = label;
        curve.LineWidth = width;
        curve.MarkerSize = marker;
        return curve;
    }

    private static void Marker(Plot plot, double x, double y, Color color, float size)
    {
        var marker = plot.Add.Marker(x, y, MarkerShape.FilledDiamond, size);
        marker.Color = color;
    }
}
