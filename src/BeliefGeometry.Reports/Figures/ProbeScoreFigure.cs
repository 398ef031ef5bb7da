using System.Globalization;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>Bars of held-out R² per hook point, each with its shuffled-target control beside it; the best hook is labelled.</summary>
public static class ProbeScoreFigure
{
    /// <summary>Writes basePath.png and basePath.svg.</summary>
    public static FigureFiles Write(ProbeScores data, string basePath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Hooks.Count == 0) throw new ArgumentException("no hook points to draw", nameof(data));
        var plot = FigureStyle.NewPlot($"Linear probe for the {data.Target}: R² by hook point", "", "R² (held out)");
        int best = BestIndex(data.Hooks);

        var bars = new List<Bar>();
        for (int i = 0; i < data.Hooks.Count; i++)
        {
            var hook = data.Hooks[i];
            bars.Add(new Bar { Position = i - 0.2, Value = hook.R2, Size = 0.38, FillColor = i == best ? FigureStyle.Primary : FigureStyle.Primary.WithAlpha(0.7), LineWidth = 0 });
            bars.Add(new Bar { Position = i + 0.2, Value = hook.ShuffledR2, Size = 0.38, FillColor = FigureStyle.Control, LineWidth = 0 });
        }
        plot.Add.Bars(bars);

        var label = plot.Add.Text(data.Hooks[best].R2.ToString("0.000", CultureInfo.InvariantCulture), best - 0.2, data.Hooks[best].R2);
        label.LabelFontSize = 12;
        label.LabelBold = true;
        label.LabelAlignment = Alignment.LowerCenter;
        label.OffsetY = -2;

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Probe R²", FillColor = FigureStyle.Primary });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Shuffled-target control", FillColor = FigureStyle.Control });
        int color = 0;
        foreach (var reference in data.References ?? [])
        {
            var lineColor = FigureStyle.Series[(2 + color++) % FigureStyle.Series.Count];
            plot.Add.HorizontalLine(reference.Value, 1.8f, lineColor, LinePattern.Dashed);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"{reference.Label} ({reference.Value.ToString("0.000", CultureInfo.InvariantCulture)})",
                LineColor = lineColor, LinePattern = LinePattern.Dashed, LineWidth = 2,
            });
        }
        plot.ShowLegend(Edge.Right);

        FigureStyle.NamesOnX(plot, data.Hooks.Select((h, i) => new Tick(i, h.Hook)));
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        double low = Math.Min(0, data.Hooks.Min(h => Math.Min(h.R2, h.ShuffledR2)) - 0.05);
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, 6).Select(k => new Tick(k / 5.0, (k / 5.0).ToString("0.0", CultureInfo.InvariantCulture))).ToArray());
        plot.Axes.SetLimits(-0.6, data.Hooks.Count - 0.4, low, 1.06);
        plot.Add.HorizontalLine(0, 1, Color.FromHex("#6B7280"));
        int width = Math.Max(900, 90 * data.Hooks.Count + 420);
        return FigureRenderer.Write(basePath, width, 520, [plot], 1);
    }

    /// <summary>Index of the hook with the highest R² (the first on ties).</summary>
    public static int BestIndex(IReadOnlyList<HookScore> hooks)
    {
        int best = 0;
        for (int i = 1; i < hooks.Count; i++)
            if (hooks[i].R2 > hooks[best].R2) best = i;
        return best;
    }
}
