using System.IO.Compression;
using BeliefGeometry.Json;

namespace BeliefGeometry.Arrays;

/// <summary>
/// Locates an array of an <c>.npz</c> (a zip of <c>name.npy</c> entries): an entry stored uncompressed
/// (numpy.savez) is read in place; a deflated one (numpy.savez_compressed) is decompressed into memory, up to 2 GB.
/// </summary>
internal static class NpzFile
{
    /// <summary>Largest decompressed entry (the largest byte array).</summary>
    public static readonly long MaxInflatedBytes = Array.MaxLength;

    /// <summary>The array <paramref name="name"/> (or the only one) of the archive at <paramref name="path"/>.</summary>
    public static ArrayLocation Locate(FileStream stream, string path, string? name)
    {
        string file = $"'{Abbreviation.OfPath(path)}'";
        var arrays = ZipCentralDirectory.Read(stream, file)
            .Where(e => e.Name.EndsWith(".npy", StringComparison.Ordinal))
            .ToList();
        var names = arrays.Select(e => e.Name[..^4]).ToList();
        if (name is not null && !names.Contains(name) && name.EndsWith(".npy", StringComparison.Ordinal)) name = name[..^4];
        if (names.Count == 0)
            throw new InputException($"{file} is a zip archive holding no .npy arrays; allowed: an .npz as numpy.savez or numpy.savez_compressed writes");
        int index = ArrayChoice.Select(names, name, file, "array", path);
        var entry = arrays[index];
        string label = $"{file} array '{Abbreviation.Of(names[index])}'";

        if (entry.Encrypted)
            throw new InputException($"{label} is encrypted; allowed: an .npz as numpy.savez writes");
        if (entry.Method is not (ZipEntryInfo.Stored or ZipEntryInfo.Deflated))
            throw new InputException($"{label} is compressed with zip method {entry.Method}; allowed: stored (numpy.savez) or deflated (numpy.savez_compressed)");
        long start = ZipCentralDirectory.DataOffset(stream, entry, label);
        if (start > stream.Length - entry.CompressedSize)
            throw new InputException($"{label}: its {entry.CompressedSize:N0} bytes run past the end of the archive: truncated?");
        if (entry.Method == ZipEntryInfo.Stored)
        {
            if (entry.CompressedSize != entry.UncompressedSize)
                throw new InputException($"{label} is stored with {entry.CompressedSize:N0} bytes but records {entry.UncompressedSize:N0} uncompressed: not a whole zip archive");
            return NpyFile.Locate(stream, start, entry.UncompressedSize, label);
        }

        if (entry.UncompressedSize > MaxInflatedBytes)
            throw new InputException($"{label} is compressed (numpy.savez_compressed) and {entry.UncompressedSize:N0} bytes uncompressed; "
                + $"allowed: at most {MaxInflatedBytes:N0} bytes for a compressed array (it is decompressed into memory); save it with numpy.savez or numpy.save (.npy), which are read in place");
        var bytes = GC.AllocateUninitializedArray<byte>((int)entry.UncompressedSize, pinned: true);
        try
        {
            stream.Position = start;
            using var inflater = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            if (inflater.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length || inflater.Read(new byte[1]) != 0)
                throw new InputException($"{label} does not decompress to the {entry.UncompressedSize:N0} bytes its archive records: truncated or corrupt");
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{label} cannot be decompressed ({e.Message.Split('\n', 2)[0].TrimEnd('.')}): corrupt");
        }
        return NpyFile.Locate(new MemoryStream(bytes, writable: false), 0, bytes.Length, label, bytes);
    }
}
