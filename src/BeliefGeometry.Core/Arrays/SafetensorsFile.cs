using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using BeliefGeometry.Json;

namespace BeliefGeometry.Arrays;

/// <summary>
/// Locates a tensor of a safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// <c>{name: {"dtype": "F32", "shape": [rows, width], "data_offsets": [begin, end]}, "__metadata__": {…}}</c>, then the
/// data, C order, offsets counted from the end of the header.
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>Largest header read (the safetensors library's own limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The JSON key that holds free-form metadata, not a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>What a safetensors tensor may hold, for messages.</summary>
    public const string Allowed = "allowed: F16, BF16, F32, F64 (float16, bfloat16, float32, float64)";

    /// <summary>True when <paramref name="start"/> (a file's first bytes) looks like a safetensors header: a length, then '{'.</summary>
    public static bool Recognises(ReadOnlySpan<byte> start) => start.Length > 8 && start[8] == (byte)'{';

    /// <summary>The tensor <paramref name="name"/> (or the only one) of the file at <paramref name="path"/>.</summary>
    public static ArrayLocation Locate(FileStream stream, string path, string? name)
    {
        string file = $"'{Abbreviation.OfPath(path)}'";
        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new InputException($"{file} has a safetensors header of {headerLength:N0} bytes; allowed: at most {MaxHeaderBytes:N0}");
        if ((long)headerLength > stream.Length - 8)
            throw new InputException($"{file} has a safetensors header of {headerLength:N0} bytes but only {stream.Length - 8:N0} follow: truncated?");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;

        string source = $"{file}: safetensors header";
        using var document = StrictJson.Parse(Encoding.UTF8.GetString(header), source, message => new InputException(message));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InputException($"{source} is not a JSON object; allowed: {{name: {{\"dtype\", \"shape\", \"data_offsets\"}}, …}}");
        var tensors = document.RootElement.EnumerateObject().Where(p => p.Name != MetadataKey).ToList();
        int index = ArrayChoice.Select(tensors.Select(p => p.Name).ToList(), name, file, "tensor", path);
        var tensor = tensors[index].Value;
        string label = $"{file} tensor '{Abbreviation.Of(tensors[index].Name)}'";
        const string Expected = "allowed: {\"dtype\": \"F32\", \"shape\": [rows, width], \"data_offsets\": [begin, end]}";
        if (tensor.ValueKind != JsonValueKind.Object
            || !tensor.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !tensor.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !tensor.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array)
            throw new InputException($"{label}: malformed safetensors entry {Abbreviation.Of(tensor.GetRawText())}; {Expected}");
        var shape = shapeElement.EnumerateArray().Select(d => Count(d, label, Expected)).ToArray();
        var range = offsets.EnumerateArray().Select(d => Count(d, label, Expected)).ToArray();
        if (range.Length != 2 || range[1] < range[0])
            throw new InputException($"{label}: malformed data_offsets {Abbreviation.Of(offsets.GetRawText())}; {Expected}");
        if (range[1] > stream.Length - dataStart)
            throw new InputException($"{label}: data_offsets end at {range[1]:N0} but only {stream.Length - dataStart:N0} data bytes follow the header: truncated?");
        var type = dtype.GetString() switch
        {
            "F16" => ElementType.Float16,
            "BF16" => ElementType.BFloat16,
            "F32" => ElementType.Float32,
            "F64" => ElementType.Float64,
            var other => throw new InputException($"{label} has dtype {Abbreviation.Of(other ?? "")}; {Allowed}"),
        };
        return new ArrayLocation(label, type, shape, FortranOrder: false, dataStart + range[0], range[1] - range[0]);
    }

    private static long Count(JsonElement element, string label, string expected) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value) && value >= 0 ? value
        : throw new InputException($"{label}: {Abbreviation.Of(element.GetRawText())} is not a non-negative integer; {expected}");
}
