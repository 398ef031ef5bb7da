namespace BeliefGeometry.Models.Import;

/// <summary>
/// A persistent id <c>('storage', torch.&lt;Type&gt;Storage, key, location, numel)</c> of a <c>torch.save</c> pickle:
/// <paramref name="Numel"/> elements of <paramref name="Type"/> in the archive's file <c>data/&lt;key&gt;</c>.
/// </summary>
public sealed record StorageRecord(StorageType Type, string Key, long Numel);

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, …)</c> describes it: element
/// (i₀, i₁, …) is storage element <paramref name="Offset"/> + Σ iₖ·strideₖ. Nothing is read until asked
/// (<see cref="TorchArchive.Read"/>).
/// </summary>
public sealed record TensorRecord(StorageRecord Storage, long Offset, long[] Shape, long[] Stride)
{
    /// <summary>Elements of the tensor: Π shape.</summary>
    public long Count => Shape.Aggregate(1L, (n, d) => n * d);
}
