using BeliefGeometry.Export;
using BeliefGeometry.Json;

namespace BeliefGeometry.Arrays;

/// <summary>Locates the array of a <c>.npy</c> file, or of a <c>.npy</c> entry of an <c>.npz</c>, through <see cref="NpyHeader"/>.</summary>
internal static class NpyFile
{
    /// <summary>The element types a .npy array may hold, for messages.</summary>
    public const string Types = "float16, float32, float64 ('<f2', '<f4', '<f8')";

    /// <summary>
    /// The array whose .npy bytes start at <paramref name="start"/> in <paramref name="stream"/> and run for
    /// <paramref name="length"/> bytes; <paramref name="inflated"/> is the entry's decompressed bytes when
    /// <paramref name="stream"/> reads them.
    /// </summary>
    public static ArrayLocation Locate(Stream stream, long start, long length, string label, byte[]? inflated = null)
    {
        stream.Position = start;
        var header = NpyHeader.Read(stream, label, message => new InputException(message));
        if (header.DataOffset > length)
            throw new InputException($"{label}: ends inside its .npy header: truncated?");
        return new ArrayLocation(label, TypeOf(header.Descr, label), header.Shape, header.FortranOrder,
            start + header.DataOffset, length - header.DataOffset, inflated);
    }

    /// <summary>The element type of a little-endian float <c>descr</c>; anything else is one line saying what is allowed.</summary>
    public static ElementType TypeOf(string descr, string label) => descr switch
    {
        "<f2" or "|f2" => ElementType.Float16,
        "<f4" or "|f4" => ElementType.Float32,
        "<f8" or "|f8" => ElementType.Float64,
        ['>', ..] => throw new InputException(
            $"{label} is big-endian ('{Abbreviation.Of(descr)}'); allowed: little-endian {Types}; in numpy: a.astype('<f4')"),
        _ => throw new InputException($"{label} has dtype '{Abbreviation.Of(descr)}'; allowed: {Types}; in numpy: a.astype('float32')"),
    };
}
