using System.Buffers;

namespace BeliefGeometry.Numerics;

/// <summary>
/// The pool the numerical kernels rent their matrix-size temporaries from. Fresh memory costs a page fault per 4 KB on
/// first touch, so reusing buffers matters; but the shared pool keeps arrays per thread and per core, which at tens
/// of MB each adds up. This pool keeps at most <see cref="ArraysPerBucket"/> arrays of each size class, whatever the
/// threads, so what it holds between uses stays bounded (a few times the largest temporary).
/// </summary>
public static class ScratchArrays
{
    public const int ArraysPerBucket = 4;

    public static ArrayPool<double> Doubles { get; } = ArrayPool<double>.Create(1 << 26, ArraysPerBucket);
}
