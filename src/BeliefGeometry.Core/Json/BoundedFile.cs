using System.Text;

namespace BeliefGeometry.Json;

/// <summary>
/// Reads a JSON input file (a process, an experiment) as text, refusing before reading more than a bound: a large
/// file by its size, a device or pipe (such as /dev/zero) once it gives more, and a directory or missing path by name.
/// </summary>
public static class BoundedFile
{
    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8, invalid bytes replaced); every refusal is <paramref name="fail"/>
    /// of one line that starts with <paramref name="source"/> and says what <paramref name="noun"/> file (<c>a process</c>, <c>an experiment</c>) must be.
    /// </summary>
    public static string ReadText(string path, int maxBytes, string source, string noun, Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        if (Directory.Exists(path))
            throw fail($"{source}: is a directory; give the path of {noun} JSON file");
        if (!File.Exists(path))
            throw fail($"{source}: file not found");
        try { return Read(path, maxBytes, source, noun, fail); }
        catch (IOException e) { throw fail($"{source}: cannot be read ({e.Message})"); }
        catch (UnauthorizedAccessException e) { throw fail($"{source}: cannot be read ({e.Message})"); }
    }

    private static string Read(string path, int maxBytes, string source, string noun, Func<string, Exception> fail)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        string limit = $"{noun} file must be a regular file of at most {FormatBytes(maxBytes)}";
        if (stream.CanSeek && stream.Length > maxBytes)
            throw fail($"{source}: is {stream.Length:N0} bytes; {limit}");
        var buffer = new byte[Math.Min(maxBytes + 1L, stream.CanSeek && stream.Length > 0 ? stream.Length + 1 : 1 << 16)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                    throw fail($"{source}: gives more than {maxBytes:N0} bytes (not a regular file?); {limit}");
                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, 2L * buffer.Length));
            }
            int read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0) break;
            length += read;
        }
        if (length > maxBytes)
            throw fail($"{source}: gives more than {maxBytes:N0} bytes (not a regular file?); {limit}");
        if (length >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)))
            throw fail($"{source}: is UTF-16 text; {noun} file must be UTF-8 (save it as UTF-8)");
        // A UTF-8 byte-order mark (as some editors write) is not part of the JSON.
        int start = length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(buffer, start, length - start);
    }

    private static string FormatBytes(int bytes) => bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes:N0} bytes";
}
