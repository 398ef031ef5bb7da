using System.Buffers.Binary;
using System.Text;

namespace BeliefGeometry.Arrays;

/// <summary>
/// Reads a zip archive's central directory (with zip64 records and fields) and entries' local headers, which
/// System.IO.Compression does not expose: an entry stored uncompressed can then be read in place at
/// <see cref="DataOffset"/>. Every problem is one <see cref="InputException"/> naming the archive.
/// </summary>
internal static class ZipCentralDirectory
{
    /// <summary>Largest central directory read (about 80 bytes per entry).</summary>
    public const int MaxDirectoryBytes = 64 << 20;

    private const uint EndSignature = 0x06054b50, Zip64LocatorSignature = 0x07064b50, Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50, LocalSignature = 0x04034b50;
    private const int EndLength = 22, Zip64LocatorLength = 20, Zip64EndLength = 56, EntryLength = 46, LocalLength = 30;

    /// <summary>The entries of the archive <paramref name="stream"/>, called <paramref name="file"/> in messages.</summary>
    public static IReadOnlyList<ZipEntryInfo> Read(FileStream stream, string file)
    {
        long length = stream.Length;
        var tail = ReadAt(stream, Math.Max(0, length - (EndLength + ushort.MaxValue)), (int)Math.Min(length, EndLength + ushort.MaxValue), file);
        int end = -1;
        for (int i = tail.Length - EndLength; i >= 0 && end < 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature
                && i + EndLength + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tail.Length)
                end = i;
        if (end < 0)
            throw NotWhole(file, "it has no end-of-central-directory record");
        long endOffset = length - tail.Length + end;
        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long start = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if (end >= Zip64LocatorLength && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - Zip64LocatorLength)) == Zip64LocatorSignature)
        {
            long zip64End = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - Zip64LocatorLength + 8)));
            if (zip64End > endOffset - Zip64LocatorLength - Zip64EndLength)
                throw NotWhole(file, "its zip64 end record lies outside the file");
            var record = ReadAt(stream, zip64End, Zip64EndLength, file);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
                throw NotWhole(file, "its zip64 end record has a bad signature");
            count = Checked(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), file);
            size = Checked(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)), file);
            start = Checked(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)), file);
            endOffset = zip64End;
        }
        if (size > MaxDirectoryBytes)
            throw new InputException($"{file} has a zip central directory of {size:N0} bytes; allowed: at most {MaxDirectoryBytes:N0}");
        if (start > endOffset - size)
            throw NotWhole(file, "its central directory lies outside the file");

        var directory = ReadAt(stream, start, (int)size, file);
        var entries = new List<ZipEntryInfo>();
        int position = 0;
        for (long e = 0; e < count; e++)
        {
            if (position > directory.Length - EntryLength || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) != EntrySignature)
                throw NotWhole(file, $"its central directory entry {e + 1} of {count} is malformed");
            var header = directory.AsSpan(position);
            int flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]), method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]), uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            int next = position + EntryLength + nameLength + extraLength + commentLength;
            if (next > directory.Length)
                throw NotWhole(file, $"its central directory entry {e + 1} of {count} runs past the directory");
            var name = header.Slice(EntryLength, nameLength);
            string text = (flags & 0x800) != 0 ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);
            ReadZip64(header.Slice(EntryLength + nameLength, extraLength), ref uncompressed, ref compressed, ref local, file);
            entries.Add(new ZipEntryInfo(text, flags, method, compressed, uncompressed, local));
            position = next;
        }
        return entries;
    }

    /// <summary>The offset of <paramref name="entry"/>'s data: after its local header, its name and its extra field.</summary>
    public static long DataOffset(FileStream stream, ZipEntryInfo entry, string label)
    {
        if (entry.LocalHeaderOffset > stream.Length - LocalLength)
            throw NotWhole(label, "its local header lies outside the file");
        var local = ReadAt(stream, entry.LocalHeaderOffset, LocalLength, label);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSignature)
            throw NotWhole(label, "its local header has a bad signature");
        return entry.LocalHeaderOffset + LocalLength + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
    }

    /// <summary>Replaces each field saturated at 0xFFFFFFFF by its 8-byte value in the zip64 extra field (id 1), in the order the format fixes.</summary>
    private static void ReadZip64(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long local, string file)
    {
        const long Saturated = uint.MaxValue;
        if (uncompressed != Saturated && compressed != Saturated && local != Saturated) return;
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra), size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4) break;
            var data = extra.Slice(4, size);
            if (id == 1)
            {
                if (uncompressed == Saturated) uncompressed = Take(ref data, file);
                if (compressed == Saturated) compressed = Take(ref data, file);
                if (local == Saturated) local = Take(ref data, file);
                return;
            }
            extra = extra[(4 + size)..];
        }
        throw NotWhole(file, "an entry's sizes are zip64 but it has no zip64 extra field");
    }

    private static long Take(ref ReadOnlySpan<byte> data, string file)
    {
        if (data.Length < 8) throw NotWhole(file, "an entry's zip64 extra field is too short");
        long value = Checked(BinaryPrimitives.ReadUInt64LittleEndian(data), file);
        data = data[8..];
        return value;
    }

    private static long Checked(ulong value, string file) =>
        value <= long.MaxValue ? (long)value : throw NotWhole(file, $"it records a size or offset of {value:N0}");

    private static byte[] ReadAt(FileStream stream, long offset, int count, string file)
    {
        var bytes = new byte[count];
        stream.Position = offset;
        if (stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false) < count)
            throw NotWhole(file, "it ends early");
        return bytes;
    }

    private static InputException NotWhole(string file, string why) =>
        new($"{file} is not a whole zip archive ({why}): truncated, or not an .npz as numpy.savez writes");
}
