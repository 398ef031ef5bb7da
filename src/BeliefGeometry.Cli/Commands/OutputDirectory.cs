namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// The one check of every <c>--out</c>: a directory path that is not empty, not an existing file, not under a file
/// and not in the kernel's or the devices' file systems (<c>/proc</c>, <c>/sys</c>, <c>/dev</c>). Made before any
/// work, so a bad <c>--out</c> is one line, exit code 2, and nothing written.
/// </summary>
public static class OutputDirectory
{
    private const string Allowed = "allowed: a directory path (absent or empty; the run's own directory to resume), not a file and not under /proc, /sys or /dev";

    /// <summary>Longest file name (NAME_MAX) of Linux file systems, in bytes.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>Longest path (PATH_MAX 4,096 with its NUL), less room for the run's own files (checkpoints/latest.ckpt.tmp…).</summary>
    private const int MaxPathBytes = 4000;

    private static readonly string[] SystemRoots = ["/proc", "/sys", "/dev"];

    /// <summary>Throws an <see cref="InputException"/> naming <c>--out</c> when <paramref name="output"/> cannot hold a run.</summary>
    public static void Check(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(output))
            throw new InputException($"option '--out' is empty; {Allowed}");
        string shown = output.Length <= 200 ? output : output[..199] + "…";
        string full;
        try { full = Path.GetFullPath(output); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"option '--out' = '{shown}' is not a valid path; {Allowed}");
        }
        if (full.Split('/').FirstOrDefault(part => System.Text.Encoding.UTF8.GetByteCount(part) > MaxNameBytes) is { } tooLong)
            throw new InputException($"option '--out' = '{shown}' has a name of {System.Text.Encoding.UTF8.GetByteCount(tooLong):N0} bytes; {Allowed}, each name at most {MaxNameBytes} bytes");
        if (System.Text.Encoding.UTF8.GetByteCount(full) > MaxPathBytes)
            throw new InputException($"option '--out' = '{shown}' is {System.Text.Encoding.UTF8.GetByteCount(full):N0} bytes long as a full path; {Allowed}, at most {MaxPathBytes:N0} bytes");
        if (SystemRoots.Any(root => full == root || full.StartsWith(root + "/", StringComparison.Ordinal)))
            throw new InputException($"option '--out' = '{shown}' is in {SystemRoots.First(root => full == root || full.StartsWith(root + "/", StringComparison.Ordinal))}; {Allowed}");
        if (File.Exists(full))
            throw new InputException($"option '--out' = '{shown}' is an existing file; {Allowed}");
        for (string? parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent))
                throw new InputException($"option '--out' = '{shown}' is under '{parent}', which is a file; {Allowed}");
    }
}
