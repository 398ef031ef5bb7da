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

    public AxisLimits GetAxisLimits() => xs.Length == 0
        ? AxisLimits.NoLimits
        : new AxisLimits(xs.Min(), xs.Max(), ys.Min(), ys.Max());

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
                if (colors[i].A == 0) continue;
                var pixel = Axes.GetPixel(new Coordinates(xs[i], ys[i]));
                paint.Color = new SKColor(colors[i].R, colors[i].G, colors[i].B, colors[i].A);
                canvas.DrawCircle(pixel.X, pixel.Y, radius, paint);
            }
        }
        using var image = surface.Snapshot();
        rp.Canvas.DrawImage(image, new SKRect(rect.Left, rect.Top, rect.Left + width / (float)scale, rect.Top + height / (float)scale));
    }
}
