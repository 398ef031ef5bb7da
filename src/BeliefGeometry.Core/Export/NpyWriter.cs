using System.Runtime.InteropServices;

namespace BeliefGeometry.Export;

/// <summary>
/// Streams one array to a <c>.npy</c> file: opened with the final shape, filled by appending rows (along the
/// first axis) in C order, published by <see cref="Complete"/>. Data goes to <c>path.tmp</c> and is renamed
/// to <c>path</c> only when every element has been written, so a writer disposed early leaves no file under
/// the final name (and removes its temporary file).
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _tempPath;
    private readonly long _total;
    private long _written;
    private bool _completed;
    private bool _disposed;

    /// <summary>Opens <c><paramref name="path"/>.tmp</c> for an array of <paramref name="dtype"/> and <paramref name="shape"/> and writes its header.</summary>
    public NpyWriter(string path, NpyDType dtype, ReadOnlySpan<long> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException(".npy export assumes a little-endian machine");
        Path = System.IO.Path.GetFullPath(path);
        DType = dtype;
        Shape = shape.ToArray();
        _total = NpyFormat.ElementCount(shape);
        RowLength = 1;
        for (int i = 1; i < Shape.Count; i++) RowLength *= Shape[i];
        _tempPath = Path + AtomicFile.TemporarySuffix;
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _stream.Write(NpyFormat.Header(dtype, shape));
    }

    /// <summary>The final file name.</summary>
    public string Path { get; }

    public NpyDType DType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Elements per row (the product of every dimension after the first; 1 for a 1-D array).</summary>
    public long RowLength { get; }

    /// <summary>Rows written so far.</summary>
    public long RowsWritten => RowLength == 0 ? 0 : _written / RowLength;

    /// <summary>Appends whole rows: <paramref name="values"/> holds a multiple of <see cref="RowLength"/> elements of this writer's dtype.</summary>
    public void Append<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"{Path}: already completed");
        if (NpyFormat.DTypeOf<T>() != DType)
            throw new ArgumentException($"{Path}: the array is {NpyFormat.Descr(DType)}, the values are {typeof(T).Name}", nameof(values));
        if (RowLength > 0 && values.Length % RowLength != 0)
            throw new ArgumentException($"{Path}: {values.Length} values is not a whole number of rows of {RowLength}", nameof(values));
        if (_written + values.Length > _total)
            throw new ArgumentException($"{Path}: {_written + values.Length} values exceed the shape's {_total}", nameof(values));
        _stream.Write(MemoryMarshal.AsBytes(values));
        _written += values.Length;
    }

    /// <summary>Flushes, checks every element was written and renames the temporary file to <see cref="Path"/> (replacing it).</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (_written != _total)
            throw new InvalidOperationException($"{Path}: {_written} of {_total} values written");
        _stream.Flush(flushToDisk: false);
        _stream.Dispose();
        File.Move(_tempPath, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file; without <see cref="Complete"/> the temporary file is deleted and nothing is published.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_completed) return;
        _stream.Dispose();
        try { File.Delete(_tempPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
