using System.IO.Compression;
using BeliefGeometry.Arrays;
using BeliefGeometry.Export;
using static BeliefGeometry.Core.Tests.Arrays.ArrayFiles;

namespace BeliefGeometry.Core.Tests.Arrays;

public sealed class ArraySourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("array-source-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Reads rows [start, start + count) both as float32 and as float64 and checks them against i·0.5 + j.</summary>
    private static void AssertRows(ArraySource source, long start, int count)
    {
        var expected = Expected(start, count, source.Width);
        var doubles = new double[expected.Length];
        source.ReadRows(start, count, doubles);
        Assert.Equal(expected, doubles);
        var floats = new float[expected.Length];
        source.ReadRows(start, count, floats);
        Assert.Equal(expected.Select(v => (float)v), floats);
    }

    [Theory]
    [InlineData("f2", false, "float16")]
    [InlineData("f2", true, "float16")]
    [InlineData("f4", false, "float32")]
    [InlineData("f4", true, "float32")]
    [InlineData("f8", false, "float64")]
    [InlineData("f8", true, "float64")]
    public void NpyOfEveryDTypeAndOrderRoundTrips(string type, bool fortran, string dtype)
    {
        string path = Write("a.npy", NpyBytes(7, 3, type, fortran));
        using var source = ArraySource.Open(path);
        Assert.Equal((7L, 3, 2, dtype, fortran), (source.Rows, source.Width, source.Rank, source.DType, source.FortranOrder));
        Assert.Contains("a.npy", source.Label);
        AssertRows(source, 0, 7);
        AssertRows(source, 2, 4);   // a middle block
        AssertRows(source, 6, 1);
        AssertRows(source, 3, 0);
    }

    [Fact]
    public void FilesNpyWriterWritesAreRead()
    {
        string f4 = Path.Combine(_dir, "w4.npy"), f8 = Path.Combine(_dir, "w8.npy");
        Npy.Write<float>(f4, [.. Expected(0, 5, 4).Select(v => (float)v)], 5, 4);
        Npy.Write<double>(f8, Expected(0, 5, 4), 5, 4);
        using var a = ArraySource.Open(f4);
        using var b = ArraySource.Open(f8);
        Assert.Equal(("float32", "float64"), (a.DType, b.DType));
        AssertRows(a, 1, 3);
        AssertRows(b, 1, 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryNpyFormatVersionIsRead(int major)
    {
        string path = Write("v.npy", NpyBytes("<f4", false, "(4, 2)", ElementBytes(4, 2, "f4"), major));
        using var source = ArraySource.Open(path);
        AssertRows(source, 0, 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AOneDimensionalArrayHasWidthOne(bool fortran)
    {
        string path = Write("v.npy", NpyBytes("<f8", fortran, "(6,)", ElementBytes(6, 1, "f8")));
        using var source = ArraySource.Open(path);
        Assert.Equal((6L, 1, 1), (source.Rows, source.Width, source.Rank));
        AssertRows(source, 0, 6);
        AssertRows(source, 4, 2);
    }

    [Theory]
    [InlineData("f4", 10_000)]
    [InlineData("f8", 10_000)]
    [InlineData("f2", 1_900)] // i·0.5 + j stays below 1024, exact in float16
    public void AFortranArrayOfManyRowsAndColumnsIsRead(string type, int rows)
    {
        // 37 columns: groups of columns with a partial last group; 10,000 rows: several blocks of rows.
        const int width = 37;
        string path = Write("tall.npy", NpyBytes(rows, width, type, fortran: true));
        using var source = ArraySource.Open(path);
        AssertRows(source, 0, rows);
        AssertRows(source, 123, rows - 900);
    }

    [Fact]
    public void ASpecThatIsAnExistingFileIsAPathEvenWithAColon()
    {
        string path = Write("odd:name.npy", NpyBytes(3, 2, "f4"));
        using var source = ArraySource.Open(path);
        AssertRows(source, 0, 3);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, 0)]
    [InlineData(CompressionLevel.Optimal, 8)]
    public void NpzArraysAreChosenByName(CompressionLevel level, int method)
    {
        string path = Path.Combine(_dir, "acts.npz");
        Npz(path, level, ("resid", NpyBytes(9, 4, "f4")), ("beliefs", NpyBytes(9, 3, "f8", fortran: true)), ("half", NpyBytes(5, 2, "f2")));
        Assert.Equal(method, BitConverter.ToUInt16(File.ReadAllBytes(path), 8)); // the first local header's compression method

        using (var resid = ArraySource.Open(path + ":resid"))
        {
            Assert.Equal((9L, 4, "float32", false), (resid.Rows, resid.Width, resid.DType, resid.FortranOrder));
            Assert.Equal($"'{path}' array 'resid'", resid.Label);
            AssertRows(resid, 3, 5);
        }
        using (var beliefs = ArraySource.Open(path + ":beliefs.npy")) // numpy's np.load(...)['beliefs.npy'] also works
        {
            Assert.Equal((9L, 3, "float64", true), (beliefs.Rows, beliefs.Width, beliefs.DType, beliefs.FortranOrder));
            AssertRows(beliefs, 0, 9);
            AssertRows(beliefs, 4, 3);
        }
        using var half = ArraySource.Open(path + ":half");
        AssertRows(half, 1, 4);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void AnNpzOfOneArrayNeedsNoName(CompressionLevel level)
    {
        string path = Path.Combine(_dir, "one.npz");
        Npz(path, level, ("only", NpyBytes(6, 5, "f4")));
        using var source = ArraySource.Open(path);
        Assert.EndsWith("array 'only'", source.Label);
        AssertRows(source, 2, 3);
    }

    [Fact]
    public void AZip64NpzAsNumpyWritesIsReadInPlace()
    {
        string path = Write("numpy.npz", Zip64Npz(("x", NpyBytes(8, 3, "f4")), ("y", NpyBytes(4, 2, "f8", fortran: true))));
        using (var x = ArraySource.Open(path + ":x")) AssertRows(x, 1, 6);
        using var y = ArraySource.Open(path + ":y");
        Assert.True(y.FortranOrder);
        AssertRows(y, 0, 4);
    }

    [Theory]
    [InlineData("F16", "f2", "float16")]
    [InlineData("BF16", "bf16", "bfloat16")]
    [InlineData("F32", "f4", "float32")]
    [InlineData("F64", "f8", "float64")]
    public void SafetensorsOfEveryDTypeRoundTrip(string dtype, string type, string name)
    {
        string path = Write("model.safetensors", Safetensors(
            ("first", "F32", [2, 2], ElementBytes(2, 2, "f4")),
            ("acts", dtype, [6, 3], ElementBytes(6, 3, type)),
            ("bias", dtype, [5], ElementBytes(5, 1, type))));
        using (var source = ArraySource.Open(path + ":acts"))
        {
            Assert.Equal((6L, 3, 2, name, false), (source.Rows, source.Width, source.Rank, source.DType, source.FortranOrder));
            Assert.Equal($"'{path}' tensor 'acts'", source.Label);
            AssertRows(source, 0, 6);
            AssertRows(source, 2, 3);
        }
        using var bias = ArraySource.Open(path + ":bias");
        Assert.Equal((5L, 1, 1), (bias.Rows, bias.Width, bias.Rank));
        AssertRows(bias, 1, 4);
    }

    [Fact]
    public void SafetensorsOfOneTensorNeedsNoName()
    {
        string path = Write("one.safetensors", Safetensors(("w", "F32", [3, 4], ElementBytes(3, 4, "f4"))));
        using var source = ArraySource.Open(path);
        AssertRows(source, 0, 3);
    }

    [Fact]
    public void ReadingIsRefusedOutsideTheRowsAndAfterDisposal()
    {
        var source = ArraySource.Open(Write("a.npy", NpyBytes(4, 2, "f4")));
        var buffer = new float[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRows(-1, 1, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRows(0, -1, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRows(3, 2, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRows(5, 0, buffer));
        Assert.Throws<ArgumentException>(() => source.ReadRows(0, 3, new float[5]));
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.ReadRows(0, 1, buffer));
    }
}
