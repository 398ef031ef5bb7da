using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BeliefGeometry.Export;

/// <summary>Whole-array <c>.npy</c> writing (atomic, via <see cref="NpyWriter"/>) and reading.</summary>
public static partial class Npy
{
    /// <summary>Writes <paramref name="values"/> (C order) as an array of <paramref name="shape"/>; the dtype follows <typeparamref name="T"/>.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> values, params ReadOnlySpan<long> shape) where T : unmanaged
    {
        if (values.Length != NpyFormat.ElementCount(shape))
            throw new ArgumentException($"{values.Length} values do not fill shape ({string.Join(", ", shape.ToArray())})", nameof(values));
        using var writer = new NpyWriter(path, NpyFormat.DTypeOf<T>(), shape);
        writer.Append(values);
        writer.Complete();
    }

    /// <summary>Writes a 1-D array, shape <c>(n,)</c>.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> values) where T : unmanaged => Write(path, values, (long)values.Length);

    /// <summary>Reads a C-order, little-endian <c>.npy</c> file (format 1.0, 2.0 or 3.0) of f4, f8, i4 or i8.</summary>
    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> preamble = stackalloc byte[12];
        stream.ReadExactly(preamble[..8]);
        if (!preamble[..6].SequenceEqual(NpyFormat.MagicBytes))
            throw new InvalidDataException($"{path}: not a .npy file (bad magic)");
        int major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            stream.ReadExactly(preamble.Slice(8, 2));
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]);
        }
        else if (major is 2 or 3)
        {
            stream.ReadExactly(preamble.Slice(8, 4));
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]));
        }
        else throw new InvalidDataException($"{path}: .npy format version {major}.{preamble[7]} is not supported");

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        string dict = major == 3 ? Encoding.UTF8.GetString(header) : Encoding.ASCII.GetString(header);
        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shapeMatch = ShapePattern().Match(dict);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{path}: malformed .npy header {dict.TrimEnd()}");
        if (fortran.Groups[1].Value != "False")
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported");
        var dtype = NpyFormat.ParseDescr(descr.Groups[1].Value);
        long[] shape = [.. shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))];
        if (shape.Length == 0)
            throw new InvalidDataException($"{path}: 0-d arrays are not supported");

        long bytes = NpyFormat.ElementCount(shape) * NpyFormat.ElementSize(dtype);
        if (stream.Length - stream.Position != bytes)
            throw new InvalidDataException($"{path}: {stream.Length - stream.Position} data bytes, shape needs {bytes}");
        var data = new byte[bytes];
        stream.ReadExactly(data);
        return new NpyArray(dtype, shape, data);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
