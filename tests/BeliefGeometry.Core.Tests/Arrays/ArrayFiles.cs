using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace BeliefGeometry.Core.Tests.Arrays;

/// <summary>
/// Writes .npy, .npz and safetensors bytes by hand, from the formats' specifications, for the reader's tests. Element
/// (i, j) holds i·0.5 + j, exact in float16, bfloat16, float32 and float64 for the small arrays used here.
/// </summary>
internal static class ArrayFiles
{
    public static double Value(long i, int j) => i * 0.5 + j;

    /// <summary>Rows [start, start + count) of a width-<paramref name="width"/> array of <see cref="Value"/>, row-major.</summary>
    public static double[] Expected(long start, int count, int width)
    {
        var values = new double[count * width];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < width; j++) values[i * width + j] = Value(start + i, j);
        return values;
    }

    /// <summary>The little-endian bytes of <paramref name="value"/> as f2, bf16, f4 or f8.</summary>
    public static byte[] Encode(double value, string type) => type switch
    {
        "f2" => BitConverter.GetBytes((Half)value),
        "bf16" => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits((float)value) >> 16)),
        "f4" => BitConverter.GetBytes((float)value),
        "f8" => BitConverter.GetBytes(value),
        _ => throw new ArgumentException(type),
    };

    /// <summary>The data of a rows × width array of <see cref="Value"/>, C order or Fortran (column-major) order.</summary>
    public static byte[] ElementBytes(int rows, int width, string type, bool fortran = false)
    {
        var bytes = new List<byte>();
        if (fortran)
        {
            for (int j = 0; j < width; j++)
                for (int i = 0; i < rows; i++) bytes.AddRange(Encode(Value(i, j), type));
        }
        else
        {
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < width; j++) bytes.AddRange(Encode(Value(i, j), type));
        }
        return [.. bytes];
    }

    /// <summary>A .npy file: magic, version, header length, the dict padded with spaces and '\n' to a multiple of 64, then <paramref name="data"/>.</summary>
    public static byte[] NpyBytes(string descr, bool fortran, string shape, byte[] data, int major = 1)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        return NpyBytesWithDict(dict, data, major);
    }

    public static byte[] NpyBytesWithDict(string dict, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var bytes = new byte[total + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 }.CopyTo(bytes, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)(total - prefix));
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)(total - prefix));
        Encoding.ASCII.GetBytes(dict).CopyTo(bytes, prefix);
        bytes.AsSpan(prefix + dict.Length, total - prefix - dict.Length - 1).Fill((byte)' ');
        bytes[total - 1] = (byte)'\n';
        data.CopyTo(bytes, total);
        return bytes;
    }

    /// <summary>A rows × width .npy of <see cref="Value"/> ('&lt;f2', '&lt;f4' or '&lt;f8').</summary>
    public static byte[] NpyBytes(int rows, int width, string type, bool fortran = false) =>
        NpyBytes("<" + type, fortran, $"({rows}, {width})", ElementBytes(rows, width, type, fortran));

    /// <summary>
    /// A safetensors file: 8-byte little-endian header length, the JSON header (with "__metadata__") padded with
    /// spaces to a multiple of 8, then each tensor's data in turn.
    /// </summary>
    public static byte[] Safetensors(params (string Name, string DType, long[] Shape, byte[] Data)[] tensors)
    {
        var json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        foreach (var (name, dtype, shape, data) in tensors)
        {
            json.Append(CultureInfo.InvariantCulture, $",\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + data.Length}]}}");
            offset += data.Length;
        }
        json.Append('}');
        while (json.Length % 8 != 0) json.Append(' ');
        return SafetensorsWithHeader(json.ToString(), [.. tensors.SelectMany(t => t.Data)]);
    }

    public static byte[] SafetensorsWithHeader(string header, byte[] data)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + text.Length);
        return bytes;
    }

    /// <summary>An .npz through System.IO.Compression: entries <c>name.npy</c>, stored (NoCompression) or deflated.</summary>
    public static void Npz(string path, CompressionLevel level, params (string Name, byte[] Npy)[] arrays)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, npy) in arrays)
        {
            using var stream = zip.CreateEntry(name + ".npy", level).Open();
            stream.Write(npy);
        }
    }

    /// <summary>
    /// A stored .npz built byte by byte as Python's zipfile writes with force_zip64 (numpy.savez): each local header
    /// has sizes 0xFFFFFFFF and a zip64 extra field; the central directory saturates sizes and offsets and carries
    /// them in zip64 extra fields; a zip64 end record and locator precede the end record. CRCs are left 0.
    /// </summary>
    public static byte[] Zip64Npz(params (string Name, byte[] Npy)[] arrays)
    {
        var file = new MemoryStream();
        var writer = new BinaryWriter(file);
        var offsets = new List<long>();
        foreach (var (name, npy) in arrays)
        {
            offsets.Add(file.Position);
            var fileName = Encoding.UTF8.GetBytes(name + ".npy");
            writer.Write(0x04034b50u); writer.Write((ushort)45); writer.Write((ushort)0); writer.Write((ushort)0);
            writer.Write(0u); writer.Write(0u); writer.Write(uint.MaxValue); writer.Write(uint.MaxValue);
            writer.Write((ushort)fileName.Length); writer.Write((ushort)20); writer.Write(fileName);
            writer.Write((ushort)1); writer.Write((ushort)16); writer.Write((long)npy.Length); writer.Write((long)npy.Length);
            writer.Write(npy);
        }
        long directory = file.Position;
        for (int e = 0; e < arrays.Length; e++)
        {
            var fileName = Encoding.UTF8.GetBytes(arrays[e].Name + ".npy");
            long size = arrays[e].Npy.Length;
            writer.Write(0x02014b50u); writer.Write((ushort)45); writer.Write((ushort)45); writer.Write((ushort)0); writer.Write((ushort)0);
            writer.Write(0u); writer.Write(0u); writer.Write(uint.MaxValue); writer.Write(uint.MaxValue);
            writer.Write((ushort)fileName.Length); writer.Write((ushort)(4 + 4 + 24)); writer.Write((ushort)0); writer.Write((ushort)0);
            writer.Write((ushort)0); writer.Write(0u); writer.Write(uint.MaxValue); writer.Write(fileName);
            writer.Write((ushort)0x5455); writer.Write((ushort)0); // an empty extra field of another kind first
            writer.Write((ushort)1); writer.Write((ushort)24); writer.Write(size); writer.Write(size); writer.Write(offsets[e]);
        }
        long directorySize = file.Position - directory, zip64End = file.Position;
        writer.Write(0x06064b50u); writer.Write(44L); writer.Write((ushort)45); writer.Write((ushort)45); writer.Write(0u); writer.Write(0u);
        writer.Write((long)arrays.Length); writer.Write((long)arrays.Length); writer.Write(directorySize); writer.Write(directory);
        writer.Write(0x07064b50u); writer.Write(0u); writer.Write(zip64End); writer.Write(1u);
        writer.Write(0x06054b50u); writer.Write((ushort)0); writer.Write((ushort)0); writer.Write(ushort.MaxValue); writer.Write(ushort.MaxValue);
        writer.Write(uint.MaxValue); writer.Write(uint.MaxValue); writer.Write((ushort)0);
        writer.Flush();
        return file.ToArray();
    }
}
