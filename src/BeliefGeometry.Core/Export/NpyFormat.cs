using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace BeliefGeometry.Export;

/// <summary>
/// The NumPy <c>.npy</c> header (format 1.0, or 2.0 when the header dict exceeds 65535 bytes): magic
/// <c>\x93NUMPY</c>, major and minor version bytes, the header length (uint16 LE in 1.0, uint32 LE in 2.0),
/// then an ASCII dict <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with
/// spaces and ended by <c>'\n'</c> so that the whole preamble is a multiple of 64 bytes. Data follows in C order.
/// </summary>
public static class NpyFormat
{
    /// <summary>The preamble (and so the data offset) is a multiple of this many bytes.</summary>
    public const int Alignment = 64;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy's <c>descr</c> string for <paramref name="dtype"/>, e.g. <c>&lt;f4</c>.</summary>
    public static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(NpyDType dtype) => dtype is NpyDType.Float32 or NpyDType.Int32 ? 4 : 8;

    /// <summary>The dtype whose elements are <typeparamref name="T"/>.</summary>
    public static NpyDType DTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? NpyDType.Float32
        : typeof(T) == typeof(double) ? NpyDType.Float64
        : typeof(T) == typeof(int) ? NpyDType.Int32
        : typeof(T) == typeof(long) ? NpyDType.Int64
        : throw new NotSupportedException($".npy export supports float, double, int and long, not {typeof(T).Name}");

    /// <summary>The header dict as numpy writes it, before padding: the shape of a 1-D array is written <c>(n,)</c>.</summary>
    public static string HeaderDict(NpyDType dtype, ReadOnlySpan<long> shape)
    {
        CheckShape(shape);
        var dims = new StringBuilder();
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) dims.Append(", ");
            dims.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        if (shape.Length == 1) dims.Append(',');
        return $"{{'descr': '{Descr(dtype)}', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    /// <summary>The full preamble: magic, version, header length, padded dict and <c>'\n'</c>; its length is a multiple of 64.</summary>
    public static byte[] Header(NpyDType dtype, ReadOnlySpan<long> shape)
    {
        string dict = HeaderDict(dtype, shape);
        int version = 1, prefix = 10;
        if (Pad(dict.Length + 1, prefix) - prefix > ushort.MaxValue)
            (version, prefix) = (2, 12);
        int total = Pad(dict.Length + 1, prefix);
        int headerLength = total - prefix;
        var bytes = new byte[total];
        Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        Encoding.ASCII.GetBytes(dict, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + dict.Length, headerLength - dict.Length - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Number of elements of an array of <paramref name="shape"/>.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        CheckShape(shape);
        long count = 1;
        foreach (long d in shape) count = checked(count * d);
        return count;
    }

    /// <summary>Parses a <c>descr</c> string back to a dtype.</summary>
    public static NpyDType ParseDescr(string descr) => descr switch
    {
        "<f4" => NpyDType.Float32,
        "<f8" => NpyDType.Float64,
        "<i4" => NpyDType.Int32,
        "<i8" => NpyDType.Int64,
        _ => throw new InvalidDataException($".npy dtype '{descr}' is not supported (only <f4, <f8, <i4, <i8)"),
    };

    internal static ReadOnlySpan<byte> MagicBytes => Magic;

    private static int Pad(int dictWithNewline, int prefix)
    {
        int total = prefix + dictWithNewline;
        return (total + Alignment - 1) / Alignment * Alignment;
    }

    private static void CheckShape(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 0)
            throw new ArgumentException("a .npy array here needs at least one dimension", nameof(shape));
        foreach (long d in shape)
            if (d < 0) throw new ArgumentOutOfRangeException(nameof(shape), d, "dimensions must be non-negative");
    }
}
