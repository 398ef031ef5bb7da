namespace BeliefGeometry.Arrays;

/// <summary>One file of a zip archive as its central directory describes it (zip64 sizes and offsets resolved).</summary>
internal readonly record struct ZipEntryInfo(string Name, int Flags, int Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset)
{
    /// <summary>Compression method 0: the bytes are stored as they are (numpy.savez).</summary>
    public const int Stored = 0;

    /// <summary>Compression method 8: deflate (numpy.savez_compressed).</summary>
    public const int Deflated = 8;

    /// <summary>General purpose flag bit 0.</summary>
    public bool Encrypted => (Flags & 1) != 0;
}
