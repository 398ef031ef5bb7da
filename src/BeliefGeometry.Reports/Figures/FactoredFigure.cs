using System.Globalization;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Factored structure across layers: one panel per k with the largest overlap between factor subspaces at each hook
/// point (log scale; trained and untrained, each by the probe and with the other factors frozen) against random
/// subspaces of the same sizes, and a panel with the activations' dimension at 95% of the variance against the counts
/// the beliefs need. The concatenation is drawn apart, as markers to the right.
/// </summary>
public static class FactoredFigure
{
    /// <summary>Overlaps below this are drawn at it (a log scale has no 0).</summary>
    public const double Floor = 1e-9;

    /// <summary>Writes basePath.png and basePath.svg.</summary>
    public static FigureFiles Write(FactoredCurves data, string basePath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Hooks.Count == 0) throw new ArgumentException("no hook points to draw", nameof(data));
        if (data.Ks.Count == 0) throw new ArgumentException("no k to draw", nameof(data));
        var panels = data.Ks.Select((k, i) => OverlapPanel(data, k, i)).Append(DimensionPanel(data)).ToList();
        int width = Math.Max(520, 46 * (data.Hooks.Count + 2) + 220);
        return FigureRenderer.Write(basePath, width * panels.Count, 640, panels, panels.Count);
    }

    private static Plot OverlapPanel(FactoredCurves data, int k, int index)
    {
        var plot = FigureStyle.NewPlot($"Overlap of factor subspaces, k = {k}", "●: probes · ■: other factors frozen", "Σσ²/min(a, b) (largest pair)");
        Series(plot, data, p => p.Random[index], FigureStyle.Reference, LinePattern.Dotted, 2, MarkerShape.None);
        Series(plot, data, p => p.UntrainedFrozen[index], Untrained, LinePattern.Dashed, 1.5f, MarkerShape.FilledSquare);
        Series(plot, data, p => p.UntrainedProbe[index], Untrained, LinePattern.Solid, 2f, MarkerShape.FilledCircle);
        Series(plot, data, p => p.Frozen[index], Trained, LinePattern.Dashed, 1.5f, MarkerShape.FilledSquare);
        Series(plot, data, p => p.Probe[index], Trained, LinePattern.Solid, 2.5f, MarkerShape.FilledCircle);
        Legend(plot, ("Trained", Trained, LinePattern.Solid), ("Untrained", Untrained, LinePattern.Solid), ("Random", FigureStyle.Reference, LinePattern.Dotted));

        var values = Points(data).SelectMany(p => new[] { p.Probe[index], p.Frozen[index], p.UntrainedProbe[index], p.UntrainedFrozen[index], p.Random[index] })
            .Where(double.IsFinite).Select(Log).DefaultIfEmpty(-2).ToList();
        int low = (int)Math.Floor(values.Min() - 0.1);
        plot.Axes.Left.TickGenerator = LogTicks(low);
        Frame(plot, data, low - 0.05, 0.15);
        return plot;
    }

    private static Plot DimensionPanel(FactoredCurves data)
    {
        var plot = FigureStyle.NewPlot("Dimension of the activations", "dotted: what the beliefs need", "directions holding 95% of the variance");
        // References that coincide (Σ m_k and the joint belief's dimension, say) share a line and a label.
        foreach (var (reference, i) in data.DimensionReferences.GroupBy(r => r.Value).Select((g, i) => (g, i)))
        {
            var color = FigureStyle.Series[(3 + i) % FigureStyle.Series.Count];
            plot.Add.HorizontalLine(reference.Key, 2.5f, color, LinePattern.Dotted);
            // Labels alternate between the left and the right end, so that neighbouring lines' labels do not collide.
            string text = $"{string.Join(" = ", reference.Select(r => r.Label))} = {reference.Key.ToString("0", CultureInfo.InvariantCulture)}";
            var label = plot.Add.Text(text, i % 2 == 0 ? -0.4 : ConcatenationX(data) + 0.4, reference.Key);
            label.LabelFontSize = 13;
            label.LabelFontColor = color;
            label.LabelAlignment = i % 2 == 0 ? Alignment.LowerLeft : Alignment.LowerRight;
        }
        Series(plot, data, p => p.UntrainedDimension, Untrained, LinePattern.Solid, 2f, MarkerShape.FilledCircle, log: false);
        Series(plot, data, p => p.Dimension, Trained, LinePattern.Solid, 2.5f, MarkerShape.FilledCircle, log: false);
        Legend(plot, ("Trained", Trained, LinePattern.Solid), ("Untrained", Untrained, LinePattern.Solid));
        double top = Points(data).SelectMany(p => new double[] { p.Dimension, p.UntrainedDimension }).Concat(data.DimensionReferences.Select(r => r.Value)).Max();
        Frame(plot, data, 0, top * 1.15 + 1);
        return plot;
    }

    private static readonly Color Trained = FigureStyle.Primary;
    private static readonly Color Untrained = FigureStyle.Series[2];

    /// <summary>One series across the hook points, and its concatenation's value as a marker apart; NaN values are left out.</summary>
    private static void Series(Plot plot, FactoredCurves data, Func<FactoredPoint, double> value, Color color, LinePattern pattern,
        float width, MarkerShape shape, bool log = true)
    {
        double Y(FactoredPoint p) => log ? Log(value(p)) : value(p);
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < data.Hooks.Count; i++)
            if (double.IsFinite(value(data.Hooks[i]))) { xs.Add(i); ys.Add(Y(data.Hooks[i])); }
        if (data.Concatenation is { } all && double.IsFinite(value(all)))
        {
            var marker = plot.Add.Marker(ConcatenationX(data), Y(all), shape == MarkerShape.None ? MarkerShape.FilledDiamond : shape, 10);
            marker.Color = color;
        }
        if (xs.Count == 0) return;
        var curve = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        curve.LineWidth = width;
        curve.LinePattern = pattern;
        curve.MarkerShape = shape;
        curve.MarkerSize = 7;
    }

    /// <summary>The legend, in one row below the panel.</summary>
    private static void Legend(Plot plot, params (string Label, Color Color, LinePattern Pattern)[] items)
    {
        foreach (var (label, color, pattern) in items)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, LineColor = color, LinePattern = pattern, LineWidth = 2.5f });
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>The hook names on x, the concatenation apart behind a rule.</summary>
    private static void Frame(Plot plot, FactoredCurves data, double bottom, double top)
    {
        var ticks = data.Hooks.Select((h, i) => new Tick(i, h.Features)).ToList();
        if (data.Concatenation is { } concatenation)
        {
            ticks.Add(new Tick(ConcatenationX(data), concatenation.Features));
            plot.Add.VerticalLine(data.Hooks.Count - 0.25, 1, Color.FromHex("#D1D5DB"));
        }
        FigureStyle.NamesOnX(plot, ticks);
        plot.Axes.Bottom.MinimumSize = 170;
        // Room on the right for the last slanted name.
        plot.Axes.SetLimits(-0.5, ConcatenationX(data) + 1.2, bottom, top);
    }

    private static IEnumerable<FactoredPoint> Points(FactoredCurves data) => data.Concatenation is { } all ? data.Hooks.Append(all) : data.Hooks;

    private static double ConcatenationX(FactoredCurves data) => data.Hooks.Count + 0.5;

    private static double Log(double value) => Math.Log10(Math.Max(value, Floor));

    /// <summary>Decades from 10^<paramref name="low"/> to 1 labelled, 2…9 times each as minor ticks.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(int low)
    {
        var ticks = new List<Tick>();
        for (int e = low; e <= 0; e++)
        {
            ticks.Add(new Tick(e, e >= -3 ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture) : $"1e{e}", true));
            if (e < 0)
                for (int m = 2; m <= 9; m++) ticks.Add(new Tick(e + Math.Log10(m), "", false));
        }
        return new ScottPlot.TickGenerators.NumericManual([.. ticks]);
    }
}
