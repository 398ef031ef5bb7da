namespace BeliefGeometry.Reports.Figures;

/// <summary>The two files written for one figure: a PNG (2× pixel density) and an SVG of the same drawing.</summary>
public sealed record FigureFiles(string PngPath, string SvgPath)
{
    /// <summary>The files for the base path <paramref name="basePath"/> (no extension): basePath.png and basePath.svg.</summary>
    public static FigureFiles For(string basePath) => new(basePath + ".png", basePath + ".svg");
}
