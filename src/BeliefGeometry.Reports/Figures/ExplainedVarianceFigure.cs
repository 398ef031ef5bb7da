using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>Cumulative PCA explained variance of raw activations, one line per hook point.</summary>
public static class ExplainedVarianceFigure
{
    /// <summary>Writes basePath.png and basePath.svg, showing at most <paramref name="maxComponents"/> components.</summary>
    public static FigureFiles Write(IReadOnlyList<VarianceCurve> curves, string basePath, int maxComponents = 32)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("no curves to draw", nameof(curves));
        if (maxComponents < 1) throw new ArgumentOutOfRangeException(nameof(maxComponents), maxComponents, "must be at least 1");
        var plot = FigureStyle.NewPlot("PCA of activations: cumulative explained variance", "Number of principal components", "Explained variance (cumulative)");
        int longest = 0;
        for (int c = 0; c < curves.Count; c++)
        {
            var values = curves[c].Cumulative.Take(maxComponents).ToArray();
            longest = Math.Max(longest, values.Length);
            var xs = Enumerable.Range(1, values.Length).Select(k => (double)k).ToArray();
            var line = plot.Add.Scatter(xs, values, FigureStyle.Series[c % FigureStyle.Series.Count]);
            line.LegendText = curves[c].Hook;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        plot.Axes.SetLimits(0.5, longest + 0.5, 0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return FigureRenderer.Write(basePath, 760, 480, [plot], 1);
    }
}
