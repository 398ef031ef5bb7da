namespace BeliefGeometry.Reports.Figures;

/// <summary>Per-position validation loss against the theoretical floor (lines with markers, nats).</summary>
public static class PositionLossFigure
{
    /// <summary>Writes basePath.png and basePath.svg.</summary>
    public static FigureFiles Write(PositionLoss data, string basePath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Loss.Count != data.Floor.Count || data.Loss.Count == 0)
            throw new ArgumentException($"{data.Loss.Count} losses and {data.Floor.Count} floors; need the same positive number", nameof(data));
        var positions = Enumerable.Range(0, data.Loss.Count).Select(t => (double)t).ToArray();
        var plot = FigureStyle.NewPlot("Loss per context position", "Context position", "Cross-entropy (nats)");

        var floor = plot.Add.Scatter(positions, data.Floor.ToArray(), FigureStyle.Reference);
        floor.LegendText = "Theoretical floor";
        floor.LinePattern = ScottPlot.LinePattern.Dashed;
        floor.LineWidth = 2;
        floor.MarkerSize = 7;
        floor.MarkerShape = ScottPlot.MarkerShape.OpenCircle;

        var loss = plot.Add.Scatter(positions, data.Loss.ToArray(), FigureStyle.Primary);
        loss.LegendText = data.LossLabel;
        loss.LineWidth = 2.5f;
        loss.MarkerSize = 8;

        plot.Axes.Bottom.SetTicks(positions, positions.Select(p => p.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(0.05, 0.12);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return FigureRenderer.Write(basePath, 600, 420, [plot], 1);
    }
}
