using System.Buffers.Binary;
using System.Numerics;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The TFRecord framing of TensorBoard event files (TensorFlow's <c>core/lib/io/record_writer.cc</c>): each record is
/// <c>uint64 length (little-endian) | uint32 masked CRC32C of those 8 bytes | data | uint32 masked CRC32C of data</c>,
/// with masked(c) = ((c &gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8.
/// </summary>
internal static class TfRecord
{
    private const int HeaderSize = 12, FooterSize = 4;

    /// <summary>Appends one record holding <paramref name="data"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[FooterSize];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        output.Write(header);
        output.Write(data);
        output.Write(footer);
    }

    /// <summary>
    /// The whole records of <paramref name="bytes"/> (framing included), in order, up to the first one that is cut
    /// short or fails a checksum: a write torn by a kill, after which nothing can be trusted.
    /// </summary>
    public static List<Range> Read(ReadOnlySpan<byte> bytes)
    {
        var records = new List<Range>();
        int offset = 0;
        while (bytes.Length - offset >= HeaderSize + FooterSize)
        {
            var header = bytes.Slice(offset, HeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != MaskedCrc(header[..8]))
                break;
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length > (ulong)(bytes.Length - offset - HeaderSize - FooterSize))
                break;
            int start = offset + HeaderSize, end = start + (int)length;
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[end..]) != MaskedCrc(bytes[start..end]))
                break;
            records.Add(offset..(end + FooterSize));
            offset = end + FooterSize;
        }
        return records;
    }

    /// <summary>The data of a whole record as <see cref="Read"/> gives it.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> record) => record[HeaderSize..^FooterSize];

    /// <summary>CRC32C (Castagnoli) of <paramref name="data"/>, masked as TFRecords store it.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        for (; data.Length >= 8; data = data[8..])
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
        foreach (byte b in data)
            crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }
}
