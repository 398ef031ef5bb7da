using BeliefGeometry.Export;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace BeliefGeometry.Reports.Figures;

/// <summary>Renders one or more plots in a grid to a PNG and an SVG, both written atomically.</summary>
internal static partial class FigureRenderer
{
    /// <summary>PNG pixels per SVG unit.</summary>
    public const int PngScale = 2;

    /// <summary>
    /// Writes <paramref name="panels"/> laid out row by row in <paramref name="columns"/> columns on a
    /// <paramref name="width"/> × <paramref name="height"/> figure to basePath.png and basePath.svg.
    /// </summary>
    public static FigureFiles Write(string basePath, int width, int height, IReadOnlyList<Plot> panels, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        var files = FigureFiles.For(basePath);

        var info = new SKImageInfo(width * PngScale, height * PngScale, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var surface = SKSurface.Create(info))
        {
            surface.Canvas.Clear(SKColors.White);
            surface.Canvas.Scale(PngScale);
            Draw(surface.Canvas, width, height, panels, columns);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            AtomicFile.WriteBytes(files.PngPath, data.AsSpan());
        }

        using (var stream = new MemoryStream())
        using (SolidLinesWhileDrawing(panels))
        {
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
            {
                canvas.Clear(SKColors.White);
                Draw(canvas, width, height, panels, columns);
            }
            AtomicFile.WriteText(files.SvgPath, RenumberIds(Encoding.UTF8.GetString(stream.ToArray())));
        }
        return files;
    }

    /// <summary>
    /// Skia's SVG canvas cannot write dash path effects: it draws such lines solid and prints "Unsupported path effect"
    /// to stderr for each. So the SVG gets solid lines (told apart by colour and legend) and no noise; the PNG keeps the dashes.
    /// </summary>
    private static IDisposable SolidLinesWhileDrawing(IReadOnlyList<Plot> panels)
    {
        var styles = panels.SelectMany(plot => plot.GetPlottables().OfType<IHasLine>().Select(p => p.LineStyle)
                .Concat(plot.Legend.ManualItems.Select(item => item.LineStyle)))
            .Where(style => style.Pattern.Name != LinePattern.Solid.Name)
            .Select(style => (Style: style, Pattern: style.Pattern))
            .ToList();
        foreach (var (style, _) in styles) style.Pattern = LinePattern.Solid;
        return new Restore(() => { foreach (var (style, pattern) in styles) style.Pattern = pattern; });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>
    /// Skia names clip paths from a process-wide counter (cl_6d, cl_6f, …); renaming them cl_0, cl_1, … in order
    /// of appearance makes the same figure produce the same SVG bytes.
    /// </summary>
    internal static string RenumberIds(string svg)
    {
        var names = new Dictionary<string, string>();
        return ClipId().Replace(svg, m =>
        {
            if (!names.TryGetValue(m.Value, out var name)) names[m.Value] = name = $"cl_{names.Count}";
            return name;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial Regex ClipId();

    private static void Draw(SKCanvas canvas, int width, int height, IReadOnlyList<Plot> panels, int columns)
    {
        int rows = (panels.Count + columns - 1) / columns;
        float panelWidth = (float)width / columns, panelHeight = (float)height / rows;
        for (int i = 0; i < panels.Count; i++)
        {
            // Each panel in its own clipped, translated layer: ScottPlot clears the canvas it renders to.
            float left = i % columns * panelWidth, top = i / columns * panelHeight;
            canvas.Save();
            canvas.ClipRect(new SKRect(left, top, left + panelWidth, top + panelHeight));
            canvas.Translate(left, top);
            panels[i].Render(canvas, new PixelRect(0, panelWidth, panelHeight, 0));
            canvas.Restore();
        }
    }
}
