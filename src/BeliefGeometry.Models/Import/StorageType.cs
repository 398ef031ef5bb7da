using System.Buffers.Binary;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// A storage class a <c>torch.save</c> pickle may name (<c>torch.FloatStorage</c>, …): its element size and how one
/// little-endian element becomes a float32. These are the only classes the reader accepts as storage types.
/// </summary>
public sealed record StorageType(string Name, int Size, StorageType.Reader Read)
{
    /// <summary>The element at the start of <paramref name="bytes"/> as a float32.</summary>
    public delegate float Reader(ReadOnlySpan<byte> bytes);

    /// <summary>The storage classes of <c>torch</c>, by their pickled name (module <c>torch</c>).</summary>
    public static IReadOnlyDictionary<string, StorageType> All { get; } = new StorageType[]
    {
        new("FloatStorage", 4, BinaryPrimitives.ReadSingleLittleEndian),
        new("DoubleStorage", 8, b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b)),
        new("HalfStorage", 2, b => (float)BinaryPrimitives.ReadHalfLittleEndian(b)),
        new("BFloat16Storage", 2, b => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16)),
        new("LongStorage", 8, b => BinaryPrimitives.ReadInt64LittleEndian(b)),
        new("IntStorage", 4, b => BinaryPrimitives.ReadInt32LittleEndian(b)),
        new("ShortStorage", 2, b => BinaryPrimitives.ReadInt16LittleEndian(b)),
        new("CharStorage", 1, b => (sbyte)b[0]),
        new("ByteStorage", 1, b => b[0]),
        new("BoolStorage", 1, b => b[0] == 0 ? 0f : 1f),
    }.ToDictionary(t => t.Name);
}
