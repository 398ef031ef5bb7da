using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Held-out belief R² per setting of a sweep, every seed a point: the trained model (filled), the same model untrained
/// (open) and the Markov-order baseline (a cross), so the spread over seeds and the distance to both controls show at once.
/// </summary>
public static class SweepScoreFigure
{
    /// <summary>Writes basePath.png and basePath.svg; R² below <paramref name="floor"/> is drawn at the floor.</summary>
    public static FigureFiles Write(IReadOnlyList<SweepScores> settings, string baselineLabel, string basePath, double floor = -0.2)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0) throw new ArgumentException("no settings to draw", nameof(settings));
        var plot = FigureStyle.NewPlot("Belief probe (all layers, held out) per setting and seed", "", "R² (held out)");
        AddSeries(plot, settings, s => s.Untrained, -0.22, FigureStyle.Control, MarkerShape.OpenCircle, "untrained (random init)", floor);
        AddSeries(plot, settings, s => s.Baseline, 0.22, FigureStyle.Series[2], MarkerShape.Cross, baselineLabel, floor);
        AddSeries(plot, settings, s => s.Trained, 0, FigureStyle.Primary, MarkerShape.FilledCircle, "trained", floor);
        plot.ShowLegend(Edge.Right);
        FigureStyle.NamesOnX(plot, settings.Select((s, i) => new Tick(i, s.Setting)));
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.Axes.Bottom.MinimumSize = 170;
        plot.Axes.SetLimits(-0.6, settings.Count - 0.4, floor - 0.03, 1.04);
        plot.Add.HorizontalLine(0, 1, Color.FromHex("#6B7280"));
        int width = Math.Max(900, 70 * settings.Count + 420);
        return FigureRenderer.Write(basePath, width, 560, [plot], 1);
    }

    private static void AddSeries(Plot plot, IReadOnlyList<SweepScores> settings, Func<SweepScores, IReadOnlyList<double>> values, double offset,
        Color color, MarkerShape shape, string label, double floor)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < settings.Count; i++)
        {
            var seeds = values(settings[i]);
            for (int s = 0; s < seeds.Count; s++)
            {
                if (double.IsNaN(seeds[s])) continue;
                xs.Add(i + offset + (s - (seeds.Count - 1) / 2.0) * 0.05); // seeds side by side
                ys.Add(Math.Max(floor, seeds[s]));
            }
        }
        if (xs.Count == 0) return;
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color);
        points.MarkerShape = shape;
        points.MarkerSize = 8;
        points.LegendText = label;
    }
}
