using System.Text;
using BeliefGeometry.Export;

namespace BeliefGeometry.Core.Tests.Export;

public sealed class NpyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("npy-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Expected(string dict, int headerLength)
    {
        // Format 1.0 preamble: magic, version 1.0, uint16 LE header length, dict, spaces, '\n'.
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0,
            (byte)(headerLength & 0xFF), (byte)(headerLength >> 8) };
        bytes.AddRange(Encoding.ASCII.GetBytes(dict));
        bytes.AddRange(Enumerable.Repeat((byte)' ', headerLength - dict.Length - 1));
        bytes.Add((byte)'\n');
        return [.. bytes];
    }

    [Fact]
    public void HeaderForFloat32TwoByThreeIsByteExact()
    {
        // 10-byte preamble + 59-char dict + '\n' = 70, padded to 128: header length 118 = 0x76.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        Assert.Equal(59, dict.Length);
        var expected = Expected(dict, 118);
        Assert.Equal(128, expected.Length);
        Assert.Equal([0x76, 0x00], expected[8..10]);
        Assert.Equal(expected, NpyFormat.Header(NpyDType.Float32, [2, 3]));

        string path = Path.Combine(_dir, "a.npy");
        float[] data = [1, 2, 3, 4, 5, 6];
        Npy.Write<float>(path, data, 2, 3);
        var file = File.ReadAllBytes(path);
        Assert.Equal(128 + 24, file.Length);
        Assert.Equal(expected, file[..128]);
        Assert.Equal([0x00, 0x00, 0x80, 0x3F], file[128..132]); // 1.0f little-endian
    }

    [Fact]
    public void OneDimensionalShapeIsWrittenWithATrailingComma()
    {
        const string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }";
        Assert.Equal(Expected(dict, 118), NpyFormat.Header(NpyDType.Float64, [5]));
    }

    [Theory]
    [InlineData(NpyDType.Int32, "<i4", new long[] { 88572, 64 }, "(88572, 64)")]
    [InlineData(NpyDType.Int64, "<i8", new long[] { 3, 4, 5 }, "(3, 4, 5)")]
    [InlineData(NpyDType.Float32, "<f4", new long[] { 0, 7 }, "(0, 7)")]
    public void HeaderDictsAndAlignment(NpyDType dtype, string descr, long[] shape, string shapeText)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        Assert.Equal(dict, NpyFormat.HeaderDict(dtype, shape));
        var header = NpyFormat.Header(dtype, shape);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal(Expected(dict, header.Length - 10), header);
    }

    [Fact]
    public void AHeaderPast65535BytesUsesFormat2()
    {
        long[] shape = [.. Enumerable.Repeat(1L, 25_000)];
        var header = NpyFormat.Header(NpyDType.Float32, shape);
        Assert.Equal(2, header[6]);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal(header.Length - 12, BitConverter.ToInt32(header, 8));
        Assert.Equal((byte)'\n', header[^1]);

        string path = Path.Combine(_dir, "v2.npy");
        Npy.Write<float>(path, [2.5f], shape);
        var array = Npy.Read(path);
        Assert.Equal(shape, array.Shape);
        Assert.Equal([2.5f], array.ToArray<float>());
    }

    [Fact]
    public void EveryDTypeRoundTrips()
    {
        string path = Path.Combine(_dir, "x.npy");
        Npy.Write<float>(path, [1.5f, -2f, float.MaxValue, 0f], 2, 2);
        var f = Npy.Read(path);
        Assert.Equal(NpyDType.Float32, f.DType);
        Assert.Equal([2L, 2L], f.Shape);
        Assert.Equal([1.5f, -2f, float.MaxValue, 0f], f.ToArray<float>());

        Npy.Write<double>(path, [Math.PI, -1e-300, 7]);
        var d = Npy.Read(path);
        Assert.Equal([3L], d.Shape);
        Assert.Equal([Math.PI, -1e-300, 7], d.ToArray<double>());

        Npy.Write<int>(path, [-1, 0, int.MaxValue, 5, 6, 7], 1, 2, 3);
        var i = Npy.Read(path);
        Assert.Equal([1L, 2L, 3L], i.Shape);
        Assert.Equal([-1, 0, int.MaxValue, 5, 6, 7], i.ToArray<int>());

        Npy.Write<long>(path, [long.MinValue, 42]);
        Assert.Equal([long.MinValue, 42], Npy.Read(path).ToArray<long>());
        Assert.Throws<InvalidOperationException>(() => Npy.Read(path).ToArray<int>());
    }

    [Fact]
    public void StreamingAppendsRowsAndPublishesAtomically()
    {
        string path = Path.Combine(_dir, "sub", "stream.npy");
        using (var writer = new NpyWriter(path, NpyDType.Float32, [5, 2]))
        {
            writer.Append<float>([0, 1, 2, 3]);
            Assert.False(File.Exists(path));
            Assert.True(File.Exists(path + ".tmp"));
            writer.Append<float>([4, 5]);
            writer.Append<float>([6, 7, 8, 9]);
            Assert.Equal(5, writer.RowsWritten);
            Assert.Throws<ArgumentException>(() => writer.Append<float>([10, 11]));   // past the shape
            Assert.Throws<ArgumentException>(() => writer.Append<double>([1, 2]));    // wrong dtype
            writer.Complete();
        }
        Assert.False(File.Exists(path + ".tmp"));
        var array = Npy.Read(path);
        Assert.Equal([5L, 2L], array.Shape);
        Assert.Equal(Enumerable.Range(0, 10).Select(x => (float)x).ToArray(), array.ToArray<float>());
    }

    [Fact]
    public void AWriterDisposedBeforeCompletingLeavesNoFile()
    {
        string path = Path.Combine(_dir, "partial.npy");
        using (var writer = new NpyWriter(path, NpyDType.Int32, [3]))
        {
            writer.Append<int>([1, 2]);
            Assert.Throws<InvalidOperationException>(writer.Complete);
        }
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));

        // An existing file under the final name survives an abandoned rewrite.
        Npy.Write<int>(path, [7]);
        using (var writer = new NpyWriter(path, NpyDType.Int32, [2]))
            writer.Append<int>([1]);
        Assert.Equal([7], Npy.Read(path).ToArray<int>());
    }

    [Fact]
    public void RowsMustBeWhole()
    {
        using var writer = new NpyWriter(Path.Combine(_dir, "r.npy"), NpyDType.Float64, [2, 3]);
        Assert.Throws<ArgumentException>(() => writer.Append<double>([1, 2]));
    }
}
