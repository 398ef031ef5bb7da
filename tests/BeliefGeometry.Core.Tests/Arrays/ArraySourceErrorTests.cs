using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BeliefGeometry.Arrays;
using static BeliefGeometry.Core.Tests.Arrays.ArrayFiles;

namespace BeliefGeometry.Core.Tests.Arrays;

/// <summary>Every bad input is one <see cref="InputException"/> line naming the file (and array) and what is allowed.</summary>
public sealed class ArraySourceErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("array-source-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Opening <paramref name="spec"/> fails with one line containing every one of <paramref name="words"/>.</summary>
    private static string Refused(string spec, params string[] words)
    {
        var e = Assert.Throws<InputException>(() => ArraySource.Open(spec).Dispose());
        Assert.DoesNotContain('\n', e.Message);
        foreach (string word in words) Assert.Contains(word, e.Message);
        return e.Message;
    }

    [Fact]
    public void AMissingFileOrADirectoryIsNamed()
    {
        Refused(Path.Combine(_dir, "absent.npy"), "absent.npy", "does not exist", ".npy, .npz or .safetensors");
        Refused(Path.Combine(_dir, "absent.npz") + ":resid", "absent.npz'", "does not exist", "array 'resid'");
        Refused(_dir, "is a directory");
    }

    [Fact]
    public void AFileOfAnotherFormatIsRefusedByContentNotByExtension()
    {
        Refused(Write("text.npy", Encoding.ASCII.GetBytes("rows,width\n1,2\n")), "text.npy", "not a .npy, .npz or safetensors", "numpy.save");
        Refused(Write("empty.npz", []), "empty.npz", "is empty", "numpy.save");
        // Content decides: a .npy named .bin is read.
        using var source = ArraySource.Open(Write("data.bin", NpyBytes(2, 2, "f4")));
        Assert.Equal(2, source.Rows);
    }

    [Fact]
    public void AMalformedNpyHeaderIsRefused()
    {
        Refused(Write("noshape.npy", NpyBytesWithDict("{'descr': '<f4', 'fortran_order': False, }", new byte[8])), "noshape.npy", "malformed .npy header", "'shape'");
        Refused(Write("badshape.npy", NpyBytes("<f4", false, "(2, x)", new byte[8])), "badshape.npy", "malformed .npy shape");
        Refused(Write("structured.npy", NpyBytesWithDict("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[8])), "structured.npy", "structured dtype");
        var version = NpyBytes(2, 2, "f4");
        version[6] = 4;
        Refused(Write("version.npy", version), "version.npy", "version 4.0", "1.0, 2.0, 3.0");
        Refused(Write("short.npy", NpyBytes(2, 2, "f4")[..40]), "short.npy", "truncated");
    }

    [Theory]
    [InlineData("<i4")]
    [InlineData("<u1")]
    [InlineData("|b1")]
    [InlineData("<c8")]
    public void AnUnsupportedNpyDTypeIsRefusedSayingWhichAreAllowed(string descr)
    {
        string path = Write("ints.npy", NpyBytes(descr, false, "(2, 2)", new byte[32]));
        Refused(path, "ints.npy", $"'{descr}'", "float16, float32, float64");
    }

    [Fact]
    public void ABigEndianNpyIsRefused() =>
        Refused(Write("big.npy", NpyBytes(">f4", false, "(2, 2)", new byte[16])), "big.npy", "big-endian", "'>f4'", "little-endian");

    [Theory]
    [InlineData("()", "[]")]
    [InlineData("(2, 3, 4)", "[2, 3, 4]")]
    public void ARankOtherThanOneOrTwoIsRefused(string shape, string shown)
    {
        string path = Write("rank.npy", NpyBytes("<f4", false, shape, new byte[96]));
        Refused(path, "rank.npy", $"shape {shown}", "[rows, width]");
    }

    [Theory]
    [InlineData("(0, 3)", "no rows")]
    [InlineData("(3, 0)", "no columns")]
    [InlineData("(0,)", "no rows")]
    public void AnEmptyArrayIsRefused(string shape, string what) =>
        Refused(Write("empty.npy", NpyBytes("<f4", false, shape, [])), "empty.npy", what, "at least one row and one column");

    [Fact]
    public void DataShorterOrLongerThanTheShapeIsRefused()
    {
        var whole = NpyBytes(4, 3, "f4");
        Refused(Write("cut.npy", whole[..^4]), "cut.npy", "44 bytes of data", "[4, 3] of float32 needs 48", "truncated");
        Refused(Write("long.npy", [.. whole, 0, 0, 0, 0]), "long.npy", "52 bytes of data", "needs 48", "exactly");
    }

    [Fact]
    public void ANameIsOnlyForArchives() =>
        Refused(Write("a.npy", NpyBytes(2, 2, "f4")) + ":resid", "a.npy", "holds one array", ":resid");

    [Fact]
    public void AnEmptyNameIsRefused() =>
        Refused(Write("a.npz", [.. "PK"u8]) + ":", "names no array after ':'");

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void ArchiveNamesAreListedWhenTheNameIsMissingOrAmbiguous(CompressionLevel level)
    {
        string path = Path.Combine(_dir, "acts.npz");
        Npz(path, level, ("resid", NpyBytes(2, 2, "f4")), ("beliefs", NpyBytes(2, 2, "f8")));
        Refused(path, "acts.npz", "holds 2 arrays", "'resid'", "'beliefs'", ":NAME");
        Refused(path + ":mlp", "acts.npz", "no array 'mlp'", "'resid', 'beliefs'");

        string many = Path.Combine(_dir, "many.npz");
        Npz(many, level, [.. Enumerable.Range(0, 25).Select(i => ($"layer{i}", NpyBytes(1, 1, "f4")))]);
        string message = Refused(many + ":x", "no array 'x'", "'layer0'", "'layer9'", "… and 15 more");
        Assert.DoesNotContain("'layer10'", message);
    }

    [Fact]
    public void AnArchiveWithoutArraysIsRefused()
    {
        string path = Path.Combine(_dir, "other.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var stream = zip.CreateEntry("readme.txt").Open()) stream.Write("hi"u8);
        Refused(path, "other.npz", "no .npy arrays", "numpy.savez");
    }

    [Fact]
    public void ABadArrayInsideAnArchiveIsNamedWithItsArchive()
    {
        string path = Path.Combine(_dir, "acts.npz");
        Npz(path, CompressionLevel.NoCompression, ("ints", NpyBytes("<i8", false, "(2,)", new byte[16])), ("cube", NpyBytes("<f4", false, "(1, 1, 1)", new byte[4])));
        Refused(path + ":ints", "acts.npz' array 'ints'", "'<i8'", "float16, float32, float64");
        Refused(path + ":cube", "acts.npz' array 'cube'", "[1, 1, 1]", "[rows, width]");
    }

    [Fact]
    public void ATruncatedArchiveIsRefused()
    {
        string path = Path.Combine(_dir, "acts.npz");
        Npz(path, CompressionLevel.NoCompression, ("resid", NpyBytes(50, 4, "f4")));
        var bytes = File.ReadAllBytes(path);
        Refused(Write("cut.npz", bytes[..(bytes.Length / 2)]), "cut.npz", "not a whole zip archive", "truncated");
    }

    [Fact]
    public void AStoredEntryCutShortOfItsShapeIsRefused()
    {
        var npy = NpyBytes(4, 3, "f4");
        string path = Write("short.npz", Zip64Npz(("x", npy[..^8])));
        Refused(path, "short.npz' array 'x'", "40 bytes of data", "needs 48", "truncated");
    }

    [Fact]
    public void ACorruptDeflatedEntryIsRefused()
    {
        string path = Path.Combine(_dir, "z.npz");
        Npz(path, CompressionLevel.Optimal, ("x", NpyBytes(200, 4, "f4")));
        var bytes = File.ReadAllBytes(path);
        int data = 30 + BitConverter.ToUInt16(bytes, 26) + BitConverter.ToUInt16(bytes, 28);
        for (int i = data; i < data + 40; i++) bytes[i] = 0xFF;
        Refused(Write("bad.npz", bytes), "bad.npz' array 'x'", "corrupt");
    }

    [Fact]
    public void ADeflatedEntryOver2GBIsRefusedPointingToSavez()
    {
        // One deflated entry whose central directory records 3,000,000,000 uncompressed bytes.
        string path = Path.Combine(_dir, "huge.npz");
        Npz(path, CompressionLevel.Optimal, ("big", NpyBytes(2, 2, "f4")));
        var bytes = File.ReadAllBytes(path);
        int end = bytes.Length - 22;
        int directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        Assert.Equal(0x02014b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(directory)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(directory + 24), 3_000_000_000);
        File.WriteAllBytes(path, bytes);
        Refused(path, "huge.npz' array 'big'", "3,000,000,000 bytes uncompressed", "numpy.savez", ".npy");
    }

    [Fact]
    public void SafetensorsProblemsAreRefused()
    {
        var data = ElementBytes(2, 2, "f4");
        string two = Write("two.safetensors", Safetensors(("a", "F32", [2, 2], data), ("b", "F32", [2, 2], data)));
        Refused(two, "two.safetensors", "holds 2 tensors", "'a'", "'b'");
        Refused(two + ":c", "two.safetensors", "no tensor 'c'", "'a', 'b'");
        Refused(Write("ints.safetensors", Safetensors(("i", "I64", [2], new byte[16]))), "ints.safetensors' tensor 'i'", "I64", "F16, BF16, F32, F64", "bfloat16");
        Refused(Write("cube.safetensors", Safetensors(("c", "F32", [1, 2, 2], data))), "tensor 'c'", "[1, 2, 2]", "[rows, width]");
        Refused(Write("scalar.safetensors", Safetensors(("s", "F32", [], data[..4]))), "tensor 's'", "shape []");
        Refused(Write("zero.safetensors", Safetensors(("z", "F32", [0, 4], []))), "tensor 'z'", "no rows");
        Refused(Write("span.safetensors", Safetensors(("m", "F32", [2, 3], data))), "tensor 'm'", "16 bytes of data", "needs 24");
        Refused(Write("cut.safetensors", Safetensors(("a", "F32", [2, 2], data))[..^4]), "cut.safetensors", "truncated");
        Refused(Write("json.safetensors", SafetensorsWithHeader("{\"a\": {\"dtype\": \"F32\",", data)), "json.safetensors", "malformed JSON");
        Refused(Write("fields.safetensors", SafetensorsWithHeader("{\"a\": {\"dtype\": \"F32\", \"shape\": [2, 2]}}", data)), "tensor 'a'", "data_offsets");
        Refused(Write("negative.safetensors", SafetensorsWithHeader("{\"a\": {\"dtype\": \"F32\", \"shape\": [-2, 2], \"data_offsets\": [0, 16]}}", data)), "tensor 'a'", "-2", "non-negative");
        Refused(Write("none.safetensors", SafetensorsWithHeader("{\"__metadata__\": {}}", [])), "none.safetensors", "holds no tensors");
        var huge = Safetensors(("a", "F32", [2, 2], data));
        BinaryPrimitives.WriteUInt64LittleEndian(huge, 1UL << 40);
        Refused(Write("header.safetensors", huge), "header.safetensors", "safetensors header of", "at most 100,000,000");
    }
}
