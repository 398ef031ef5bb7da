using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BeliefGeometry.Json;

namespace BeliefGeometry.Export;

/// <summary>
/// The header of a <c>.npy</c> file (format 1.0, 2.0 or 3.0) as written: the <c>descr</c> string, the
/// <c>fortran_order</c> flag and the shape, and where the data starts. Only parses; what a caller accepts (dtypes,
/// ranks, orders) is the caller's. Shared by <see cref="Npy.Read"/> and <see cref="Arrays.ArraySource"/>.
/// </summary>
public sealed partial class NpyHeader
{
    /// <summary>Largest header dict read (numpy writes a few hundred bytes; 2.0 allows up to 4 GB).</summary>
    public const int MaxDictBytes = 1 << 24;

    private NpyHeader(string descr, bool fortranOrder, long[] shape, long dataOffset)
    {
        Descr = descr;
        FortranOrder = fortranOrder;
        Shape = shape;
        DataOffset = dataOffset;
    }

    /// <summary>numpy's dtype string, e.g. <c>&lt;f4</c>, as written (not validated).</summary>
    public string Descr { get; }

    /// <summary>True when the data is in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The dimensions; empty for a 0-d array.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Bytes from the magic to the first data byte (a multiple of 64 when numpy wrote the file).</summary>
    public long DataOffset { get; }

    /// <summary>
    /// Reads the header starting at <paramref name="stream"/>'s position, leaving the stream at the data. Every problem
    /// (bad magic, unknown version, a header past the end, a malformed dict) is <paramref name="fail"/>("{source}: …"), one line.
    /// </summary>
    public static NpyHeader Read(Stream stream, string source, Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fail);
        Span<byte> preamble = stackalloc byte[12];
        if (stream.ReadAtLeast(preamble[..8], 8, throwOnEndOfStream: false) < 8)
            throw fail($"{source}: shorter than a .npy header: truncated?");
        if (!preamble[..6].SequenceEqual(NpyFormat.MagicBytes))
            throw fail($"{source}: not a .npy file (bad magic)");
        int major = preamble[6], prefix = major == 1 ? 10 : 12;
        if (major is not (1 or 2 or 3))
            throw fail($"{source}: .npy format version {major}.{preamble[7]} is not supported (allowed: 1.0, 2.0, 3.0)");
        if (stream.ReadAtLeast(preamble[8..prefix], prefix - 8, throwOnEndOfStream: false) < prefix - 8)
            throw fail($"{source}: shorter than a .npy header: truncated?");
        long dictLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (dictLength > MaxDictBytes)
            throw fail($"{source}: .npy header of {dictLength:N0} bytes; allowed: at most {MaxDictBytes:N0}");
        if (stream.CanSeek && dictLength > stream.Length - stream.Position)
            throw fail($"{source}: .npy header of {dictLength:N0} bytes runs past the end of the file: truncated?");
        var bytes = new byte[dictLength];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            throw fail($"{source}: .npy header of {dictLength:N0} bytes runs past the end of the file: truncated?");
        string dict = major == 3 ? Encoding.UTF8.GetString(bytes) : Encoding.ASCII.GetString(bytes);

        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shapeMatch = ShapePattern().Match(dict);
        if (!descr.Success && StructuredPattern().IsMatch(dict))
            throw fail($"{source}: a structured dtype ({Abbreviation.Of(dict.Trim())}) is not supported; allowed: a plain numeric array");
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw fail($"{source}: malformed .npy header {Abbreviation.Of(dict.Trim())}; allowed: a dict with 'descr', 'fortran_order' and 'shape' as numpy.save writes");
        var dims = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++)
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw fail($"{source}: malformed .npy shape ({Abbreviation.Of(shapeMatch.Groups[1].Value)}); allowed: non-negative integers");
        return new NpyHeader(descr.Groups[1].Value, fortran.Groups[1].Value == "True", shape, prefix + dictLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'descr'\s*:\s*\[")]
    private static partial Regex StructuredPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
