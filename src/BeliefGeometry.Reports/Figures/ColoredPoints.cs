using ScottPlot;
using SkiaSharp;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// A scatter of filled circles, each with its own colour, drawn in the given order (last on top). The circles
/// are rasterised at the PNG's density and placed as one image, so an SVG of 10⁵ points stays small.
/// </summary>
internal sealed class ColoredPoints(double[] xs, double[] ys, Color[] colors, float radius) : IPlottable
{
    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public AxisLimits GetAxisLimits()
    {
        var finite = Enumerable.Range(0, xs.Length).Where(Finite).ToList();
        return finite.Count == 0
            ? AxisLimits.NoLimits
            : new AxisLimits(finite.Min(i => xs[i]), finite.Max(i => xs[i]), finite.Min(i => ys[i]), finite.Max(i => ys[i]));
    }

    /// <summary>A point with a NaN or infinite coordinate (e.g. a Bloch vector without a trace) is not drawn.</summary>
    private bool Finite(int i) => double.IsFinite(xs[i]) && double.IsFinite(ys[i]);

    public void Render(RenderPack rp)
    {
        var rect = rp.DataRect;
        const int scale = FigureRenderer.PngScale;
        int width = Math.Max(1, (int)Math.Ceiling(rect.Width * scale)), height = Math.Max(1, (int)Math.Ceiling(rect.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale(scale);
        canvas.Translate(-rect.Left, -rect.Top);
        using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill })
        {
            for (int i = 0; i < xs.Length; i++)
            {
                if (colors[i].A == 0 || !Finite(i)) continue;
                var pixel = Axes.GetPixel(new Coordinates(xs[i], ys[i]));
                paint.Color = new SKColor(colors[i].R, colors[i].G, colors[i].B, colors[i].A);
                canvas.DrawCircle(pixel.X, pixel.Y, radius, paint);
            }
        }
        using var image = surface.Snapshot();
        rp.Canvas.DrawImage(image, new SKRect(rect.Left, rect.Top, rect.Left + width / (float)scale, rect.Top + height / (float)scale));
    }
}
