using ScottPlot;
using SkiaSharp;

namespace BeliefGeometry.Reports.Figures;

/// <summary>The shared look of every figure: font, sizes and palette.</summary>
public static class FigureStyle
{
    /// <summary>Preferred font family; falls back to ScottPlot's automatic choice when it is not installed.</summary>
    public const string PreferredFont = "DejaVu Sans";

    /// <summary>Main data colour (model, R²).</summary>
    public static readonly Color Primary = Color.FromHex("#2563EB");

    /// <summary>Second data colour (validation, highlights).</summary>
    public static readonly Color Secondary = Color.FromHex("#EA580C");

    /// <summary>Theoretical floors and references.</summary>
    public static readonly Color Reference = Color.FromHex("#374151");

    /// <summary>Controls (shuffled targets).</summary>
    public static readonly Color Control = Color.FromHex("#9CA3AF");

    /// <summary>A qualitative palette for several series (hook points).</summary>
    public static readonly IReadOnlyList<Color> Series =
    [
        Color.FromHex("#2563EB"), Color.FromHex("#EA580C"), Color.FromHex("#16A34A"), Color.FromHex("#DC2626"),
        Color.FromHex("#9333EA"), Color.FromHex("#0891B2"), Color.FromHex("#CA8A04"), Color.FromHex("#DB2777"),
        Color.FromHex("#4B5563"), Color.FromHex("#65A30D"),
    ];

    private static readonly Lazy<string?> InstalledFont = new(() =>
    {
        using var typeface = SKFontManager.Default.MatchFamily(PreferredFont);
        return typeface is null ? null : PreferredFont;
    });

    /// <summary>Names (hook points) as the x-axis labels at the given positions: slanted, since they are long, and without tick marks.</summary>
    public static void NamesOnX(Plot plot, IEnumerable<Tick> ticks)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
    }

    /// <summary>A new plot with the common font, sizes and a light grid.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (InstalledFont.Value is { } font) plot.Font.Set(font);
        else plot.Font.Automatic();
        plot.Title(title, 18);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 14;
            axis.FrameLineStyle.Color = Color.FromHex("#6B7280");
        }
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E7EB");
        plot.Legend.FontSize = 14;
        plot.Legend.OutlineColor = Color.FromHex("#D1D5DB");
        return plot;
    }
}
