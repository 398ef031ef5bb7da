namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// Held-out R² by prefix length, one line per probe. Every length carries the same total weight, so the few short
/// prefixes weigh as much as the many long ones and this is where a pooled R² gets its spread.
/// </summary>
public static class LengthScoreFigure
{
    /// <summary>Writes basePath.png and basePath.svg, titled <paramref name="title"/>.</summary>
    public static FigureFiles Write(IReadOnlyList<LengthSeries> series, string basePath, string title = "Belief R² by prefix length")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("no series to draw", nameof(series));
        var plot = FigureStyle.NewPlot(title, "Prefix length (tokens seen)", "R² (held out)");
        var lengths = new SortedSet<int>();
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.Lengths.Count != s.R2.Count)
                throw new ArgumentException($"series '{s.Label}': {s.Lengths.Count} lengths and {s.R2.Count} values", nameof(series));
            var line = plot.Add.Scatter(s.Lengths.Select(l => (double)l).ToArray(), s.R2.ToArray(), FigureStyle.Series[i % FigureStyle.Series.Count]);
            line.LegendText = s.Label;
            line.LineWidth = i == 0 ? 2.5f : 1.5f;
            line.MarkerSize = i == 0 ? 8 : 6;
            if (i > 0) line.LinePattern = ScottPlot.LinePattern.Dashed;
            lengths.UnionWith(s.Lengths);
        }
        var ticks = lengths.Select(l => (double)l).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, lengths.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(0.05, 0.12);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        return FigureRenderer.Write(basePath, 600, 420, [plot], 1);
    }
}
