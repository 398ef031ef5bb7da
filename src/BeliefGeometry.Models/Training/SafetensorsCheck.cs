using System.Buffers.Binary;
using System.Text.Json;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Checks a <c>.safetensors</c> file against the model it is about to be loaded into, before libtorch sees it, so a
/// truncated or garbage file, or a config.json whose shapes do not match the weights, is one line naming the file
/// and the tensor. Format: an 8-byte little-endian header length N, N bytes of JSON
/// <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>, then the data, each tensor's
/// bytes at [begin, end) with end − begin = Π shape × the dtype's size.
/// </summary>
internal static class SafetensorsCheck
{
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly Dictionary<string, int> DTypeSizes = new()
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1,
    };

    /// <summary>
    /// Throws <see cref="InputException"/> unless <paramref name="path"/> is a whole safetensors file holding exactly the
    /// tensors of <paramref name="expected"/> (name → shape) with those shapes; <paramref name="configPath"/> is named
    /// when the shapes disagree.
    /// </summary>
    public static void Check(string path, IReadOnlyDictionary<string, long[]> expected, string configPath) =>
        WeightShapes.Check(path, ReadHeader(path), expected, configPath);

    private static Dictionary<string, long[]> ReadHeader(string path)
    {
        string notWhole = $"'{path}' is not a whole safetensors file";
        using var stream = File.OpenRead(path);
        long length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw new InputException($"{notWhole} (truncated: {length} bytes)");
        ulong headerBytes = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerBytes < 2 || headerBytes > (ulong)Math.Min(MaxHeaderBytes, length - 8))
            throw new InputException($"{notWhole} (its header length {headerBytes} does not fit in its {length} bytes)");
        var header = new byte[headerBytes];
        stream.ReadExactly(header);
        long dataBytes = length - 8 - (long)headerBytes;
        var tensors = new Dictionary<string, long[]>();
        try
        {
            using var document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{notWhole} (its header is not a JSON object)");
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                var t = entry.Value;
                string dtype = t.GetProperty("dtype").GetString() ?? "";
                if (!DTypeSizes.TryGetValue(dtype, out int size))
                    throw new InputException($"{notWhole} (tensor {entry.Name} has dtype '{dtype}')");
                long[] shape = [.. t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
                long[] offsets = [.. t.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
                long count = 1;
                foreach (long d in shape) count = d < 0 ? -1 : checked(count * d);
                if (count < 0 || offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataBytes || offsets[1] - offsets[0] != checked(count * size))
                    throw new InputException($"{notWhole} (tensor {entry.Name}'s bytes [{string.Join(", ", offsets)}) are not inside its {dataBytes} data bytes or do not fit its shape: truncated?)");
                tensors[entry.Name] = shape;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException or ArgumentException)
        {
            throw new InputException($"{notWhole} (its header is not valid safetensors JSON)");
        }
        return tensors;
    }
}
