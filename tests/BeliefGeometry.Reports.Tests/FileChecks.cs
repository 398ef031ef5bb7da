using System.Xml.Linq;
using SkiaSharp;

namespace BeliefGeometry.Reports.Tests;

/// <summary>Assertions about written image files.</summary>
internal static class FileChecks
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes.Take(8).ToArray());
    }

    public static void AssertSvg(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var document = XDocument.Load(path);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.True(document.Root.Descendants().Count() > 5, $"{path} is nearly empty");
    }

    /// <summary>Number of distinct colours among a grid of sampled pixels.</summary>
    public static int DistinctColors(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var colors = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 4)
            for (int x = 0; x < bitmap.Width; x += 4)
                colors.Add(bitmap.GetPixel(x, y));
        return colors.Count;
    }

    /// <summary>Files in <paramref name="directory"/> left over from atomic writes.</summary>
    public static string[] TempFiles(string directory) =>
        Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories);
}
