using System.Runtime.InteropServices;

namespace BeliefGeometry.Export;

/// <summary>An array read from a <c>.npy</c> file: dtype, shape and the raw little-endian C-order data.</summary>
public sealed class NpyArray
{
    private readonly byte[] _data;

    public NpyArray(NpyDType dtype, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != NpyFormat.ElementCount(shape) * NpyFormat.ElementSize(dtype))
            throw new ArgumentException($"{data.LongLength} bytes do not match shape ({string.Join(", ", shape)}) of {NpyFormat.Descr(dtype)}", nameof(data));
        DType = dtype;
        Shape = shape;
        _data = data;
    }

    public NpyDType DType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Length => _data.LongLength / NpyFormat.ElementSize(DType);

    /// <summary>The elements as <typeparamref name="T"/>, which must be this array's dtype.</summary>
    public ReadOnlySpan<T> Span<T>() where T : unmanaged
    {
        if (NpyFormat.DTypeOf<T>() != DType)
            throw new InvalidOperationException($"the array is {NpyFormat.Descr(DType)}, not {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(_data);
    }

    /// <summary>A copy of the elements as <typeparamref name="T"/>, which must be this array's dtype.</summary>
    public T[] ToArray<T>() where T : unmanaged => Span<T>().ToArray();
}
