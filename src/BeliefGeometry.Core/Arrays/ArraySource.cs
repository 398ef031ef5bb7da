using System.Buffers;
using System.Runtime.InteropServices;
using BeliefGeometry.Export;
using BeliefGeometry.Json;

namespace BeliefGeometry.Arrays;

/// <summary>
/// A [rows, width] (or 1-D, width 1) float array in a <c>.npy</c>, <c>.npz</c> or safetensors file, read rows at a time:
/// the file is memory-mapped, so arrays larger than memory stream from disk, and the pages a read has converted are
/// handed back to the kernel (<c>ByteRegion.Release</c>), so a pass over a 4 GB file does not leave 4 GB in the process's
/// resident set (a deflated .npz entry is decompressed into memory, up to 2 GB). The format is recognised by content, not by extension. Every problem with the file is one
/// <see cref="InputException"/> naming it. <see cref="ReadRows(long, int, Span{float})"/> may be called from several threads at once.
/// </summary>
public sealed class ArraySource : IDisposable
{
    /// <summary>Elements converted per step (bounds the conversion buffer and a step's byte count).</summary>
    private const int ChunkElements = 1 << 16;

    private readonly ByteRegion _bytes;
    private readonly ElementType _type;
    private readonly long _dataOffset;
    private readonly int _elementSize;
    private bool _disposed;

    private ArraySource(ArrayLocation location, ByteRegion bytes, long rows, int width)
    {
        _bytes = bytes;
        _type = location.Type;
        _dataOffset = location.DataOffset;
        _elementSize = ElementTypes.Size(location.Type);
        Label = location.Label;
        Rows = rows;
        Width = width;
        Rank = location.Shape.Count;
        DType = ElementTypes.Name(location.Type);
        FortranOrder = location.FortranOrder;
    }

    /// <summary>The array as messages name it, e.g. <c>'acts.npz' array 'resid'</c> or <c>'acts.npy'</c>.</summary>
    public string Label { get; }

    /// <summary>shape[0].</summary>
    public long Rows { get; }

    /// <summary>shape[1], or 1 for a 1-D array.</summary>
    public int Width { get; }

    /// <summary>1 or 2.</summary>
    public int Rank { get; }

    /// <summary>The stored element type: <c>float16</c>, <c>bfloat16</c>, <c>float32</c> or <c>float64</c>.</summary>
    public string DType { get; }

    /// <summary>True when the file stores the array column by column (numpy's <c>'fortran_order': True</c>).</summary>
    public bool FortranOrder { get; }

    /// <summary>
    /// Opens <paramref name="spec"/>: <c>path</c> or <c>path:name</c>, the name choosing an array of an .npz or a tensor
    /// of a safetensors file. A spec that is an existing file is a path (even with a ':'); otherwise it splits at the
    /// last ':'. Without a name, a file holding exactly one array uses it.
    /// </summary>
    public static ArraySource Open(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (path, name) = Split(spec);
        string file = $"'{Abbreviation.OfPath(path)}'";
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 12); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"array file {file} cannot be read ({e.Message})");
        }
        try
        {
            var location = Locate(stream, path, name, file);
            var (rows, width) = Check(location);
            ByteRegion bytes;
            if (location.Inflated is { } inflated)
            {
                stream.Dispose();
                bytes = ByteRegion.Pinned(inflated);
            }
            else bytes = ByteRegion.Map(stream);
            return new ArraySource(location, bytes, rows, width);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new InputException($"array file {file} cannot be read ({e.Message})");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) into <paramref name="destination"/>, row-major (count × <see cref="Width"/>), converted to float32.</summary>
    public void ReadRows(long start, int count, Span<float> destination) => Read(start, count, destination);

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) into <paramref name="destination"/>, row-major (count × <see cref="Width"/>), converted to float64.</summary>
    public void ReadRows(long start, int count, Span<double> destination) => Read(start, count, destination);

    /// <summary>Unmaps the file (or releases the decompressed entry); reading afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _bytes.Dispose();
    }

    public override string ToString() => $"{Label} [{Rows}{(Rank == 2 ? $", {Width}" : "")}] {DType}";

    private void Read<T>(long start, int count, Span<T> destination) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows [{start}, {start + count}) are outside {Label}'s {Rows} rows");
        long elements = (long)count * Width;
        if (destination.Length < elements)
            throw new ArgumentException($"{destination.Length} elements cannot hold {count} rows of {Width}", nameof(destination));
        if (!FortranOrder || Width == 1)
        {
            long offset = _dataOffset + start * Width * _elementSize;
            for (long done = 0; done < elements; done += ChunkElements) // long: done + ChunkElements may pass int.MaxValue
            {
                int n = (int)Math.Min(ChunkElements, elements - done);
                Convert(_bytes.Slice(offset + done * _elementSize, n * _elementSize), destination.Slice((int)done, n));
            }
            _bytes.Release(offset, elements * _elementSize);
            return;
        }
        // Fortran order: column j of rows [start, start + count) is contiguous at element j·Rows + start. A group of
        // columns is converted into a buffer, then written row by row, so each row's write is one contiguous run.
        const int Group = 16;
        int block = Math.Min(count, ChunkElements / Group);
        var buffer = ArrayPool<T>.Shared.Rent(Group * block);
        try
        {
            for (long done = 0; done < count; done += block)
            {
                int n = (int)Math.Min(block, count - done);
                var rows = destination.Slice((int)done * Width, n * Width);
                for (int j = 0; j < Width; j += Group)
                {
                    int g = Math.Min(Group, Width - j);
                    for (int c = 0; c < g; c++)
                    {
                        long offset = _dataOffset + ((long)(j + c) * Rows + start + done) * _elementSize;
                        Convert(_bytes.Slice(offset, n * _elementSize), buffer.AsSpan(c * n, n));
                        _bytes.Release(offset, (long)n * _elementSize);
                    }
                    for (int i = 0; i < n; i++)
                    {
                        var row = rows.Slice(i * Width + j, g);
                        for (int c = 0; c < row.Length; c++) row[c] = buffer[c * n + i];
                    }
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(buffer); }
    }

    private void Convert<T>(ReadOnlySpan<byte> source, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) ElementTypes.Convert(_type, source, MemoryMarshal.Cast<T, float>(destination));
        else ElementTypes.Convert(_type, source, MemoryMarshal.Cast<T, double>(destination));
    }

    /// <summary>The path and the array name of <paramref name="spec"/>; a missing file or a directory is one line.</summary>
    private static (string Path, string? Name) Split(string spec)
    {
        string path = spec;
        string? name = null;
        int colon = spec.LastIndexOf(':');
        if (!File.Exists(spec) && !Directory.Exists(spec) && colon > 0)
            (path, name) = (spec[..colon], spec[(colon + 1)..]);
        string file = $"'{Abbreviation.OfPath(path)}'";
        string split = name is null ? "" : $" (reading '{Abbreviation.OfPath(spec)}' as file {file}, array '{Abbreviation.Of(name)}')";
        if (Directory.Exists(path))
            throw new InputException($"array file {file} is a directory{split}; give a .npy, .npz or .safetensors file");
        if (!File.Exists(path))
            throw new InputException($"array file {file} does not exist{split}; give a .npy, .npz or .safetensors file, or file:name for an array inside one");
        if (name is { Length: 0 })
            throw new InputException($"'{Abbreviation.OfPath(spec)}' names no array after ':'; give {file} alone or {file}:NAME");
        return (path, name);
    }

    /// <summary>Recognises the format by its first bytes and locates the array.</summary>
    private static ArrayLocation Locate(FileStream stream, string path, string? name, string file)
    {
        Span<byte> head = stackalloc byte[9];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith(NpyFormat.MagicBytes))
        {
            if (name is not null)
                throw new InputException($"{file} is a .npy file, which holds one array; give it without ':{Abbreviation.Of(name)}'");
            return NpyFile.Locate(stream, 0, stream.Length, file);
        }
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
            return NpzFile.Locate(stream, path, name);
        if (SafetensorsFile.Recognises(head))
            return SafetensorsFile.Locate(stream, path, name);
        throw new InputException($"{file} is {(read == 0 ? "empty" : "not a .npy, .npz or safetensors file (judged by its first bytes)")}; "
            + "allowed: arrays saved by numpy.save, numpy.savez, numpy.savez_compressed or safetensors");
    }

    /// <summary>Rows and width of <paramref name="location"/>'s shape, refused unless [rows, width] or [rows] with data of exactly the shape's size.</summary>
    private static (long Rows, int Width) Check(ArrayLocation location)
    {
        var shape = location.Shape;
        string label = location.Label, text = $"[{string.Join(", ", shape)}]";
        if (shape.Count is 0 or > 2)
            throw new InputException($"{label} has shape {text}; a [rows, width] array is needed (a 1-D array reads as width 1; in numpy: a.reshape(-1, a.shape[-1]))");
        long rows = shape[0], width = shape.Count == 2 ? shape[1] : 1;
        if (rows == 0 || width == 0)
            throw new InputException($"{label} has shape {text}: no {(rows == 0 ? "rows" : "columns")}; an array with at least one row and one column is needed");
        if (width > int.MaxValue)
            throw new InputException($"{label} has shape {text}; allowed: at most {int.MaxValue:N0} columns");
        int size = ElementTypes.Size(location.Type);
        string type = ElementTypes.Name(location.Type);
        if (rows > long.MaxValue / width / size)
            throw new InputException($"{label} has shape {text}, more than any file of {type} holds");
        long needed = rows * width * size;
        if (location.DataBytes < needed)
            throw new InputException($"{label} has {location.DataBytes:N0} bytes of data; shape {text} of {type} needs {needed:N0}: truncated?");
        if (location.DataBytes > needed)
            throw new InputException($"{label} has {location.DataBytes:N0} bytes of data; shape {text} of {type} needs {needed:N0}; allowed: exactly the shape's data, as numpy and safetensors write");
        return (rows, (int)width);
    }
}
