using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BeliefGeometry.Arrays;

/// <summary>
/// The bytes an <see cref="ArraySource"/> reads: a whole file mapped read-only (pages are read from disk when touched,
/// never all at once), or a pinned array (a decompressed .npz entry). Spans taken from it are valid until it is disposed.
/// </summary>
internal sealed unsafe class ByteRegion : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte[]? _array; // keeps a pinned array alive
    private byte* _pointer;

    private ByteRegion(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte[]? array, byte* pointer, long length)
    {
        _file = file;
        _view = view;
        _array = array;
        _pointer = pointer;
        Length = length;
    }

    public long Length { get; }

    /// <summary>Maps all of <paramref name="stream"/>'s file read-only; the region owns the stream from then on.</summary>
    public static ByteRegion Map(FileStream stream)
    {
        long length = stream.Length;
        var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new ByteRegion(file, view, null, pointer + view.PointerOffset, length);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps <paramref name="array"/>, which must have been allocated pinned (<c>GC.AllocateUninitializedArray(n, pinned: true)</c>).</summary>
    public static ByteRegion Pinned(byte[] array) =>
        new(null, null, array, (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)), array.LongLength);

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>; the caller has checked the range.</summary>
    public ReadOnlySpan<byte> Slice(long offset, int length)
    {
        Debug.Assert(_pointer is not null && offset >= 0 && length >= 0 && offset <= Length - length);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    public void Dispose()
    {
        if (_pointer is null) return;
        _pointer = null;
        if (_view is null) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }
}
