namespace BeliefGeometry.Export;

/// <summary>Whole-array <c>.npy</c> writing (atomic, via <see cref="NpyWriter"/>) and reading.</summary>
public static class Npy
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
        var header = NpyHeader.Read(stream, path, message => new InvalidDataException(message));
        if (header.FortranOrder)
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported");
        var dtype = NpyFormat.ParseDescr(header.Descr);
        long[] shape = [.. header.Shape];
        if (shape.Length == 0)
            throw new InvalidDataException($"{path}: 0-d arrays are not supported");

        long bytes = NpyFormat.ElementCount(shape) * NpyFormat.ElementSize(dtype);
        if (stream.Length - stream.Position != bytes)
            throw new InvalidDataException($"{path}: {stream.Length - stream.Position} data bytes, shape needs {bytes}");
        var data = new byte[bytes];
        stream.ReadExactly(data);
        return new NpyArray(dtype, shape, data);
    }
}
