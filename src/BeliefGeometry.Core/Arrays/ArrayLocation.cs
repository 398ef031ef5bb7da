namespace BeliefGeometry.Arrays;

/// <summary>
/// Where one array's data is, as its file's header says, before the shape is checked against the data.
/// </summary>
/// <param name="Label">The array as messages name it, e.g. <c>'acts.npz' array 'resid'</c>.</param>
/// <param name="DataOffset">Offset of the first element in the file (or in <paramref name="Inflated"/>).</param>
/// <param name="DataBytes">Bytes the file holds for the data (from <paramref name="DataOffset"/> to the end of the array's file or entry).</param>
/// <param name="Inflated">The decompressed entry, pinned, when the data is not read from the file in place.</param>
internal sealed record ArrayLocation(
    string Label, ElementType Type, IReadOnlyList<long> Shape, bool FortranOrder, long DataOffset, long DataBytes, byte[]? Inflated = null);
