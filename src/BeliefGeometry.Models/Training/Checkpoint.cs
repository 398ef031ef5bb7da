using System.Security.Cryptography;
using System.Text;
using BeliefGeometry.Export;
using TorchSharp;
using TorchSharp.Modules;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the step, the data generator's state, the model's
/// weights and the optimizer's state (Adam moments and step counts, SGD momentum buffers). One binary file, written
/// atomically (<see cref="AtomicFile"/>): magic, version, the payload's length and SHA-256, then the payload — step,
/// tokens, generator state, TorchSharp's <c>Module.save</c> and <c>OptimizerHelper.save_state_dict</c> formats. A file
/// cut short or with changed bytes is refused, naming it, instead of resuming from corrupt weights. (Version 1 files,
/// the payload without length and checksum, are still read.)
/// </summary>
public static class Checkpoint
{
    private const string Magic = "belief-checkpoint";
    private const int Version = 2;

    /// <summary>The header of a checkpoint.</summary>
    public sealed record Header(long Step, long Tokens, ulong[] RandomState);

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Save(string path, Header header, torch.nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(header.Step);
            writer.Write(header.Tokens);
            writer.Write(header.RandomState.Length);
            foreach (ulong word in header.RandomState) writer.Write(word);
            model.save(writer);
            optimizer.save_state_dict(writer);
        }
        byte[] hash = SHA256.HashData(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(payload.Length);
            writer.Write(hash);
            writer.Write(payload.GetBuffer(), 0, (int)payload.Length);
        });
    }

    /// <summary>Reads a checkpoint into <paramref name="model"/> and <paramref name="optimizer"/> (built like the saved ones); returns its header.</summary>
    public static Header Load(string path, torch.nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var reader = new BinaryReader(OpenPayload(path), Encoding.UTF8);
        var header = ReadHeader(reader, path);
        try
        {
            model.load(reader);
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidOperationException or IOException)
        {
            throw new InputException($"checkpoint '{path}' does not fit this run's model and optimizer ({e.Message.ReplaceLineEndings(" ")}); resume with the settings it was written with");
        }
        return header;
    }

    /// <summary>Reads only the header of a checkpoint (after checking the whole file).</summary>
    public static Header ReadHeader(string path)
    {
        using var reader = new BinaryReader(OpenPayload(path), Encoding.UTF8);
        return ReadHeader(reader, path);
    }

    /// <summary>The payload, its length and SHA-256 checked (version 2), or the rest of a version 1 file.</summary>
    private static Stream OpenPayload(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"checkpoint '{path}' cannot be read ({e.Message})");
        }
        var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int version;
        try
        {
            if (reader.ReadString() != Magic)
                throw new InputException($"checkpoint '{path}' is not a belief checkpoint");
            version = reader.ReadInt32();
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            throw new InputException($"checkpoint '{path}' is not a belief checkpoint");
        }
        if (version == 1)
            return stream;
        if (version != Version)
            throw new InputException($"checkpoint '{path}' has format version {version}; this program reads versions 1 and {Version}");
        long start = stream.Position + sizeof(long) + SHA256.HashSizeInBytes;
        if (bytes.Length < start)
            throw new InputException($"checkpoint '{path}' is truncated ({bytes.Length:N0} bytes, its header alone needs {start:N0}); resume from another checkpoint or start again");
        long length = reader.ReadInt64();
        byte[] expected = reader.ReadBytes(SHA256.HashSizeInBytes);
        if (length < 0 || start + length != bytes.Length)
            throw new InputException(start + length > bytes.Length || length < 0
                ? $"checkpoint '{path}' is truncated ({bytes.Length:N0} of {start + length:N0} bytes); resume from another checkpoint or start again"
                : $"checkpoint '{path}' is corrupt ({bytes.Length - start - length:N0} bytes past its end); resume from another checkpoint or start again");
        if (!SHA256.HashData(bytes.AsSpan((int)start, (int)length)).AsSpan().SequenceEqual(expected))
            throw new InputException($"checkpoint '{path}' is corrupt: its SHA-256 does not match its content; resume from another checkpoint or start again");
        return new MemoryStream(bytes, (int)start, (int)length, writable: false);
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            long step = reader.ReadInt64();
            long tokens = reader.ReadInt64();
            int count = reader.ReadInt32();
            if (count is < 0 or > 64)
                throw new InputException($"checkpoint '{path}' is corrupt (generator state of {count} words)");
            var state = new ulong[count];
            for (int i = 0; i < count; i++) state[i] = reader.ReadUInt64();
            return new Header(step, tokens, state);
        }
        catch (EndOfStreamException)
        {
            throw new InputException($"checkpoint '{path}' is truncated");
        }
    }
}
