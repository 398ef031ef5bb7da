using System.IO.Compression;
using System.Text;

namespace BeliefGeometry.Models.Tests.Import;

/// <summary>
/// Test-only: one tensor of a state dict as torch.save stores it — a storage of <paramref name="StorageType"/>
/// (<c>FloatStorage</c>, …) with the raw little-endian bytes <paramref name="Storage"/> in file <c>data/&lt;key&gt;</c>,
/// and the view into it (offset, shape, stride; contiguous when <paramref name="Stride"/> is null). Tensors with the
/// same <paramref name="Key"/> share one storage (the first one's bytes).
/// </summary>
internal sealed record StoredTensor(string Name, long[] Shape, string StorageType, byte[] Storage, long Offset = 0, long[]? Stride = null, string? Key = null)
{
    public static readonly IReadOnlyDictionary<string, int> Sizes = new Dictionary<string, int>
    {
        ["FloatStorage"] = 4, ["DoubleStorage"] = 8, ["HalfStorage"] = 2, ["BFloat16Storage"] = 2, ["LongStorage"] = 8, ["BoolStorage"] = 1,
    };

    /// <summary>A contiguous float32 tensor.</summary>
    public static StoredTensor Float(string name, float[] values, params long[] shape) =>
        new(name, shape, "FloatStorage", [.. values.SelectMany(BitConverter.GetBytes)]);

    public long[] Strides => Stride ?? [.. Shape.Select((_, d) => Shape.Skip(d + 1).Aggregate(1L, (a, b) => a * b))];
}

/// <summary>
/// Test-only writer of what <c>torch.save(model.state_dict())</c> writes: a zip (stored, not compressed) of
/// <c>&lt;prefix&gt;/data.pkl</c> — a protocol-2 pickle of an OrderedDict of name → <c>_rebuild_tensor_v2(…)</c> with
/// persistent ids <c>('storage', torch.XStorage, key, 'cpu', numel)</c> and the <c>_metadata</c> state torch adds —
/// <c>&lt;prefix&gt;/byteorder</c>, <c>&lt;prefix&gt;/data/&lt;key&gt;</c> and <c>&lt;prefix&gt;/version</c>, as the real files lay them out.
/// </summary>
internal static class TorchZip
{
    /// <summary>The pickle of a state dict of <paramref name="tensors"/>, opcode for opcode as torch.save writes it.</summary>
    public static byte[] StateDictPickle(IReadOnlyList<StoredTensor> tensors)
    {
        var p = new PickleBuilder().Proto(2).Global("collections", "OrderedDict").Put(0).EmptyTuple().Reduce().Put(1).Mark();
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            p.String(t.Name);
            if (i == 0) p.Global("torch._utils", "_rebuild_tensor_v2").Put(2); else p.Get(2);
            p.Mark().Mark().String("storage").Global("torch", t.StorageType).String(Key(tensors, i)).String("cpu")
                .Int(t.Storage.Length / StoredTensor.Sizes[t.StorageType]).Tuple().PersistentId()
                .Int(t.Offset).Ints(t.Shape).Ints(t.Strides).False().Get(0).EmptyTuple().Reduce().Tuple().Reduce();
        }
        return p.SetItems().EmptyDict().String("_metadata").Get(0).EmptyTuple().Reduce()
            .Mark().String("").EmptyDict().String("version").Int(1).SetItem().SetItems().SetItem().Build().Stop().ToArray();
    }

    /// <summary>Writes a state dict of <paramref name="tensors"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<StoredTensor> tensors)
    {
        var storages = new Dictionary<string, byte[]>();
        for (int i = 0; i < tensors.Count; i++)
            storages.TryAdd(Key(tensors, i), tensors[i].Storage);
        WriteArchive(path, StateDictPickle(tensors), storages);
    }

    /// <summary>Writes the zip of <paramref name="pickle"/> and raw storages (key → bytes) under <paramref name="prefix"/>.</summary>
    public static void WriteArchive(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]> storages, string prefix = "checkpoint", string byteOrder = "little")
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        void Entry(string name, byte[] bytes)
        {
            using var stream = zip.CreateEntry($"{prefix}/{name}", CompressionLevel.NoCompression).Open();
            stream.Write(bytes);
        }
        Entry("data.pkl", pickle);
        Entry("byteorder", Encoding.ASCII.GetBytes(byteOrder));
        foreach (var (key, bytes) in storages) Entry($"data/{key}", bytes);
        Entry("version", Encoding.ASCII.GetBytes("3\n"));
    }

    private static string Key(IReadOnlyList<StoredTensor> tensors, int i) => tensors[i].Key ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
