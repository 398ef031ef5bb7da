using System.Diagnostics;
using System.Globalization;
using BeliefGeometry.Arrays;

namespace BeliefGeometry.Bench;

/// <summary>A rows × width size of <see cref="GeometryBenchmarks"/>, shown and parsed as <c>1000000x1024</c>.</summary>
public readonly record struct GeometryScale(int Rows, int Width)
{
    public override string ToString() => $"{Rows}x{Width}";

    public static GeometryScale Parse(string text)
    {
        var parts = text.Trim().Split('x', 'X', '×');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rows)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int width) || rows < 1 || width < 1)
            throw new FormatException($"'{text}' is not a size ROWSxWIDTH, e.g. 1000000x1024");
        return new GeometryScale(rows, width);
    }
}

/// <summary>
/// The activation file a geometry benchmark reads, from <see cref="SimplexActivationFile"/> with its default settings (seed 1):
/// <list type="bullet">
/// <item><c>GEOMETRY_BENCH_FILE</c> names an existing [rows, width] array file that <see cref="ArraySource"/> reads (e.g. real
/// activations): used as it is when its shape is the one asked for, never deleted;</item>
/// <item>else <c>GEOMETRY_BENCH_DIR</c> names a directory: <c>simplices_ROWSxWIDTH.npy</c> there is reused when present,
/// generated when not, and kept (so benchmark processes and runs share it);</item>
/// <item>else the file is generated in a new directory under the system temp directory (<c>$TMPDIR</c>, else /tmp) and
/// deleted with it by <see cref="Dispose"/>.</item>
/// </list>
/// </summary>
public sealed class GeometryData : IDisposable
{
    public const string FileVariable = "GEOMETRY_BENCH_FILE";
    public const string DirectoryVariable = "GEOMETRY_BENCH_DIR";

    private readonly string? _temporaryDirectory;

    private GeometryData(string path, bool generated, string? temporaryDirectory, TimeSpan generation)
    {
        Path = path;
        Generated = generated;
        _temporaryDirectory = temporaryDirectory;
        GenerationTime = generation;
    }

    public string Path { get; }

    /// <summary>True when this process wrote the file.</summary>
    public bool Generated { get; }

    /// <summary>Writing and flushing the file (zero when reused).</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>The file for <paramref name="scale"/>, as the environment says; <paramref name="log"/> hears what is done.</summary>
    public static GeometryData Prepare(GeometryScale scale, TextWriter? log = null)
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } named)
        {
            var shape = ShapeOf(named) ?? throw new FileNotFoundException($"{FileVariable}={named} is not a readable [rows, width] array file");
            if (shape == scale)
            {
                log?.WriteLine($"// geometry: reading {named} ({FileVariable})");
                return new GeometryData(named, false, null, TimeSpan.Zero);
            }
            log?.WriteLine($"// geometry: {FileVariable} is {shape}, not {scale}; generating");
        }
        string? keep = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d ? d : null;
        string directory = keep ?? Directory.CreateTempSubdirectory("geometry-bench-").FullName;
        string path = System.IO.Path.Combine(directory, $"simplices_{scale}.npy");
        if (keep is not null && ShapeOf(path) == scale)
        {
            log?.WriteLine($"// geometry: reusing {path}");
            return new GeometryData(path, false, null, TimeSpan.Zero);
        }
        try
        {
            var clock = Stopwatch.StartNew();
            new SimplexActivationFile(scale.Width).Write(path, scale.Rows);
            log?.WriteLine($"// geometry: wrote {path} ({SimplexActivationFile.FileBytes(scale.Rows, scale.Width) / 1e9:F2} GB) in {clock.Elapsed.TotalSeconds:F1} s");
            return new GeometryData(path, true, keep is null ? directory : null, clock.Elapsed);
        }
        catch
        {
            if (keep is null) Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The [rows, width] of an array file, or null when it is missing, unreadable, not 2-D or too large.</summary>
    public static GeometryScale? ShapeOf(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var source = ArraySource.Open(path);
            return source.Rank == 2 && source.Rows <= int.MaxValue
                ? new GeometryScale((int)source.Rows, source.Width) : null;
        }
        catch (InputException) { return null; }
    }

    /// <summary>Deletes the temporary directory, if this process made one.</summary>
    public void Dispose()
    {
        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory)) Directory.Delete(_temporaryDirectory, recursive: true);
    }
}
