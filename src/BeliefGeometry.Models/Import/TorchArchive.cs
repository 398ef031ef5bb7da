using System.IO.Compression;
using System.Text;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// A state dict saved by <c>torch.save(model.state_dict())</c> in PyTorch's zip format: an archive holding
/// <c>&lt;prefix&gt;/data.pkl</c> (the pickled dict, read by <see cref="TorchPickle"/>), one raw little-endian storage file
/// <c>&lt;prefix&gt;/data/&lt;key&gt;</c> per storage, and optionally <c>&lt;prefix&gt;/byteorder</c> and
/// <c>&lt;prefix&gt;/version</c>. Opening reads only the pickle; a tensor's storage is read when it is asked for. Every
/// problem is one <see cref="InputException"/> naming the file and, where one is involved, the tensor.
/// </summary>
public sealed class TorchArchive : IDisposable
{
    /// <summary>Largest data.pkl read (a state dict's pickle is a few bytes per parameter name).</summary>
    private const int MaxPickleBytes = 64 << 20;

    private readonly ZipArchive _zip;
    private readonly string _path, _prefix;

    private TorchArchive(ZipArchive zip, string path, string prefix, IReadOnlyList<KeyValuePair<string, TensorRecord>> tensors)
    {
        _zip = zip;
        _path = path;
        _prefix = prefix;
        Tensors = tensors;
    }

    /// <summary>The state dict's entries in file order: parameter (or buffer) name → tensor description.</summary>
    public IReadOnlyList<KeyValuePair<string, TensorRecord>> Tensors { get; }

    /// <summary>Opens <paramref name="path"/> and reads its pickle; throws <see cref="InputException"/> when it is not a whole torch.save archive of a state dict.</summary>
    public static TorchArchive Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InputException($"state dict '{path}' is a directory; give the .pt file torch.save wrote");
        if (!File.Exists(path)) throw new InputException($"state dict '{path}' does not exist");
        FileStream? stream = null;
        ZipArchive? zip = null;
        try
        {
            stream = File.OpenRead(path);
            zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
            if (pickles.Count != 1)
                throw new InputException($"'{path}' is a zip archive but not one torch.save wrote: it has {pickles.Count} <prefix>/data.pkl entries, not 1");
            var pickle = pickles[0];
            string prefix = pickle.FullName[..pickle.FullName.IndexOf('/')];
            if (zip.GetEntry(prefix + "/byteorder") is { } order && Encoding.ASCII.GetString(ReadAll(order, 16)).Trim() != "little")
                throw new InputException($"'{path}': {prefix}/byteorder is not 'little'; allowed: little-endian storages (as every x86 and ARM machine writes)");
            if (pickle.Length > MaxPickleBytes)
                throw new InputException($"'{path}': {pickle.FullName} is {pickle.Length:N0} bytes; allowed: at most {MaxPickleBytes:N0} (a state dict's pickle holds only names and tensor descriptions)");
            var tensors = TorchPickle.ReadStateDict(ReadAll(pickle, pickle.Length), $"'{path}' ({pickle.FullName})");
            return new TorchArchive(zip, path, prefix, tensors);
        }
        catch (Exception e)
        {
            if (zip is not null) zip.Dispose();
            else stream?.Dispose();
            if (e is InvalidDataException or IOException) throw NotWhole(path, e);
            if (e is UnauthorizedAccessException) throw new InputException($"state dict '{path}' cannot be read ({e.Message})");
            throw;
        }
    }

    /// <summary>
    /// The elements of <paramref name="tensor"/> (called <paramref name="name"/> in messages) in row-major order, as
    /// float32: storage element offset + Σ iₖ·strideₖ for each index (i₀, i₁, …), so a view or a transposed tensor reads
    /// as PyTorch shows it. Refuses a storage file shorter than its storage, and a tensor that reaches past its storage.
    /// </summary>
    public float[] Read(string name, TensorRecord tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var storage = tensor.Storage;
        var type = storage.Type;
        var entry = _zip.GetEntry($"{_prefix}/data/{storage.Key}");
        string file = Json.Abbreviation.Of($"{_prefix}/data/{storage.Key}"); // the key comes from the pickle: quoted short
        if (entry is null)
            throw new InputException($"'{_path}' has no {file}, the storage of tensor {name}");
        if (storage.Numel > entry.Length / type.Size)
            throw new InputException($"'{_path}': {file}, the storage of tensor {name}, has {entry.Length:N0} bytes; its {storage.Numel:N0} elements of torch.{type.Name} need {storage.Numel * type.Size:N0}: truncated?");
        var result = new float[tensor.Count];
        if (result.Length == 0) return result;
        long last = tensor.Offset;
        for (int d = 0; d < tensor.Shape.Length; d++)
            last = tensor.Stride[d] > (long.MaxValue - last) / Math.Max(tensor.Shape[d] - 1, 1) ? long.MaxValue : last + (tensor.Shape[d] - 1) * tensor.Stride[d];
        if (last >= storage.Numel)
            throw new InputException($"'{_path}': tensor {name} (offset {tensor.Offset}, size ({string.Join(", ", tensor.Shape)}), stride ({string.Join(", ", tensor.Stride)})) reaches past its storage {file} of {storage.Numel:N0} elements");
        if ((last + 1) * type.Size > Array.MaxLength)
            throw new InputException($"'{_path}': tensor {name} spans {(last + 1) * type.Size:N0} bytes of {file}; allowed: at most {Array.MaxLength:N0}");
        byte[] bytes;
        try { bytes = ReadAll(entry, (last + 1) * type.Size); }
        catch (Exception e) when (e is InvalidDataException or IOException) { throw NotWhole(_path, e); }

        var index = new long[tensor.Shape.Length];
        long position = tensor.Offset;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = type.Read(bytes.AsSpan((int)(position * type.Size), type.Size));
            for (int d = index.Length - 1; d >= 0; d--) // the next index in row-major order
            {
                position += tensor.Stride[d];
                if (++index[d] < tensor.Shape[d]) break;
                position -= tensor.Stride[d] * tensor.Shape[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>The first <paramref name="count"/> bytes of <paramref name="entry"/>.</summary>
    private static byte[] ReadAll(ZipArchiveEntry entry, long count)
    {
        var bytes = new byte[Math.Min(count, entry.Length)];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static InputException NotWhole(string path, Exception e) =>
        new($"'{path}' is not a whole zip archive as torch.save writes ({e.Message.Split('\n', 2)[0].TrimEnd('.')}): truncated, or not a PyTorch .pt file");

    public void Dispose() => _zip.Dispose();
}
