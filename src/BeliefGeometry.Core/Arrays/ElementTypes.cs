using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BeliefGeometry.Arrays;

/// <summary>
/// Sizes, names and conversion of <see cref="ElementType"/>s. Sources are raw little-endian bytes, possibly not aligned
/// to their element size (an .npz or safetensors offset), which x64 and Arm64 read without penalty.
/// </summary>
internal static class ElementTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(ElementType type) => type switch
    {
        ElementType.Float16 or ElementType.BFloat16 => 2,
        ElementType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The name <see cref="ArraySource.DType"/> reports: float16, bfloat16, float32 or float64.</summary>
    public static string Name(ElementType type) => type switch
    {
        ElementType.Float16 => "float16",
        ElementType.BFloat16 => "bfloat16",
        ElementType.Float32 => "float32",
        _ => "float64",
    };

    /// <summary>Converts <paramref name="source"/> (exactly <paramref name="destination"/>'s length in elements) to float32.</summary>
    public static void Convert(ElementType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case ElementType.Float32:
                source.CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case ElementType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case ElementType.BFloat16:
                var bits = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
                break;
            default:
                var doubles = MemoryMarshal.Cast<byte, double>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)doubles[i];
                break;
        }
    }

    /// <summary>Converts <paramref name="source"/> (exactly <paramref name="destination"/>'s length in elements) to float64.</summary>
    public static void Convert(ElementType type, ReadOnlySpan<byte> source, Span<double> destination)
    {
        switch (type)
        {
            case ElementType.Float64:
                source.CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case ElementType.Float32:
                var floats = MemoryMarshal.Cast<byte, float>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = floats[i];
                break;
            case ElementType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = (double)halves[i];
                break;
            default:
                var bits = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
                break;
        }
    }
}
