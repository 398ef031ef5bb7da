using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BeliefGeometry.Arrays;

/// <summary>
/// The bytes an <see cref="ArraySource"/> reads: a whole file mapped read-only (pages are read from disk when touched,
/// never all at once), or a pinned array (a decompressed .npz entry). Spans taken from it are valid until it is disposed.
/// </summary>
internal sealed unsafe partial class ByteRegion : IDisposable
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

    /// <summary>
    /// Hands the whole pages of [offset, offset + length) of a mapped file back to the kernel (Linux madvise
    /// MADV_DONTNEED): they leave the process's resident set but stay in the page cache, so a pass over a file larger
    /// than memory does not grow the process, and reading them again is a page-cache hit. Nothing for a pinned array.
    /// </summary>
    public void Release(long offset, long length)
    {
        if (_view is null || _pointer is null || !OperatingSystem.IsLinux() || length <= 0) return;
        long page = Environment.SystemPageSize;
        long begin = (long)(_pointer + offset), end = begin + length;
        long first = (begin + page - 1) / page * page, last = end / page * page;
        if (last > first) _ = Madvise((nint)first, (nuint)(last - first), DontNeed);
    }

    private const int DontNeed = 4; // MADV_DONTNEED

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

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
