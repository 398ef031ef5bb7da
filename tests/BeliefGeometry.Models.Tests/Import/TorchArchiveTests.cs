using System.Buffers.Binary;
using BeliefGeometry.Models.Import;

namespace BeliefGeometry.Models.Tests.Import;

/// <summary>Tensors read from a torch.save zip as PyTorch shows them (offset, shape, stride, dtype), and archives that are not whole refused.</summary>
public sealed class TorchArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-archive-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string PathOf(string name) => Path.Combine(_root, name);

    private static float[] Read(string path, string name)
    {
        using var archive = TorchArchive.Open(path);
        return archive.Read(name, archive.Tensors.Single(t => t.Key == name).Value);
    }

    [Fact]
    public void ViewsAreReadThroughTheirOffsetAndStride()
    {
        // One storage 0…11 shared by a contiguous [3, 4] tensor, its transpose [4, 3] (stride (1, 4)) and a row view at offset 4.
        float[] values = [.. Enumerable.Range(0, 12).Select(i => (float)i)];
        byte[] storage = [.. values.SelectMany(BitConverter.GetBytes)];
        string path = PathOf("views.pt");
        TorchZip.Write(path,
        [
            new StoredTensor("whole", [3, 4], "FloatStorage", storage, Key: "s"),
            new StoredTensor("transposed", [4, 3], "FloatStorage", storage, Stride: [1, 4], Key: "s"),
            new StoredTensor("row1", [4], "FloatStorage", storage, Offset: 4, Key: "s"),
            new StoredTensor("column2", [3], "FloatStorage", storage, Offset: 2, Stride: [4], Key: "s"),
            new StoredTensor("scalar", [], "FloatStorage", storage, Offset: 11, Key: "s"),
        ]);

        Assert.Equal(values, Read(path, "whole"));
        Assert.Equal([0f, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], Read(path, "transposed"));
        Assert.Equal([4f, 5, 6, 7], Read(path, "row1"));
        Assert.Equal([2f, 6, 10], Read(path, "column2"));
        Assert.Equal([11f], Read(path, "scalar"));
    }

    [Fact]
    public void OtherDTypesBecomeFloat32()
    {
        double[] doubles = [0.1, -2.5, 1e-3];
        byte[] half = new byte[6], bf16 = new byte[6], longs = new byte[24];
        for (int i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2 * i), (Half)doubles[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2 * i), (ushort)(BitConverter.SingleToInt32Bits((float)doubles[i]) >> 16));
            BinaryPrimitives.WriteInt64LittleEndian(longs.AsSpan(8 * i), i - 1);
        }
        string path = PathOf("dtypes.pt");
        TorchZip.Write(path,
        [
            new StoredTensor("double", [3], "DoubleStorage", [.. doubles.SelectMany(BitConverter.GetBytes)]),
            new StoredTensor("half", [3], "HalfStorage", half),
            new StoredTensor("bf16", [3], "BFloat16Storage", bf16),
            new StoredTensor("long", [3], "LongStorage", longs),
            new StoredTensor("bool", [3], "BoolStorage", [1, 0, 7]),
        ]);

        Assert.Equal(doubles.Select(d => (float)d), Read(path, "double"));
        Assert.Equal(doubles.Select(d => (float)(Half)d), Read(path, "half"));
        for (int i = 0; i < 3; i++) Assert.Equal(doubles[i], Read(path, "bf16")[i], 1e-2);
        Assert.Equal([-1f, 0, 1], Read(path, "long"));
        Assert.Equal([1f, 0, 1], Read(path, "bool"));
    }

    [Fact]
    public void AShortStorageFileOrAViewPastItsStorageIsNamed()
    {
        string path = PathOf("short.pt");
        // The persistent id says 6 floats; the file holds 5.
        byte[] pickle = TorchZip.StateDictPickle([StoredTensor.Float("embed.W_E", new float[6], 3, 2)]);
        TorchZip.WriteArchive(path, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[20] });
        using (var archive = TorchArchive.Open(path))
        {
            var e = Assert.Throws<InputException>(() => archive.Read("embed.W_E", archive.Tensors[0].Value));
            Assert.Contains("checkpoint/data/0, the storage of tensor embed.W_E, has 20 bytes", e.Message);
        }

        string past = PathOf("past.pt");
        TorchZip.Write(past, [new StoredTensor("embed.W_E", [3, 2], "FloatStorage", new byte[24], Offset: 1)]);
        using (var archive = TorchArchive.Open(past))
        {
            var e = Assert.Throws<InputException>(() => archive.Read("embed.W_E", archive.Tensors[0].Value));
            Assert.Contains("tensor embed.W_E (offset 1, size (3, 2), stride (2, 1)) reaches past its storage", e.Message);
        }

        string missing = PathOf("missing.pt");
        TorchZip.WriteArchive(missing, pickle, new Dictionary<string, byte[]>());
        using (var archive = TorchArchive.Open(missing))
            Assert.Contains("has no checkpoint/data/0, the storage of tensor embed.W_E",
                Assert.Throws<InputException>(() => archive.Read("embed.W_E", archive.Tensors[0].Value)).Message);
    }

    [Fact]
    public void TruncatedOrForeignFilesAreRefusedInOneLine()
    {
        string whole = PathOf("whole.pt");
        TorchZip.Write(whole, [StoredTensor.Float("embed.W_E", new float[600], 30, 20)]);
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(PathOf("truncated.pt"), bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(PathOf("text.pt"), "not a checkpoint at all"u8.ToArray());
        File.WriteAllBytes(PathOf("empty.pt"), []);
        // A legacy (pre-zip) torch.save file starts with a pickled magic number.
        File.WriteAllBytes(PathOf("legacy.pt"), new PickleBuilder().Proto(2).Op(0x8A, 10).Op(new byte[10]).Stop().ToArray());
        TorchZip.WriteArchive(PathOf("big-endian.pt"), TorchZip.StateDictPickle([]), new Dictionary<string, byte[]>(), byteOrder: "big");
        TorchZip.WriteArchive(PathOf("no-pickle.pt"), [], new Dictionary<string, byte[]>(), prefix: "a/b");

        foreach (var (name, expected) in new[]
        {
            ("truncated.pt", "is not a whole zip archive as torch.save writes"), ("text.pt", "is not a whole zip archive"),
            ("empty.pt", "is not a whole zip archive"), ("legacy.pt", "is not a whole zip archive"),
            ("big-endian.pt", "byteorder is not 'little'"), ("no-pickle.pt", "has 0 <prefix>/data.pkl entries"),
            ("absent.pt", "does not exist"),
        })
        {
            var e = Assert.Throws<InputException>(() => TorchArchive.Open(PathOf(name)).Dispose());
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
