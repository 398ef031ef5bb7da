using BeliefGeometry.Export;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the step, the data generator's state, the model's
/// weights and the optimizer's state (Adam moments and step counts, SGD momentum buffers). One binary file, written
/// atomically (<see cref="AtomicFile"/>): a header (magic, version, step, tokens, generator state), then TorchSharp's
/// <c>Module.save</c> and <c>OptimizerHelper.save_state_dict</c> formats.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "belief-checkpoint";
    private const int Version = 1;

    /// <summary>The header of a checkpoint.</summary>
    public sealed record Header(long Step, long Tokens, ulong[] RandomState);

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Save(string path, Header header, torch.nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(header.Step);
            writer.Write(header.Tokens);
            writer.Write(header.RandomState.Length);
            foreach (ulong word in header.RandomState) writer.Write(word);
            model.save(writer);
            optimizer.save_state_dict(writer);
            writer.Flush();
        });
    }

    /// <summary>Reads a checkpoint into <paramref name="model"/> and <paramref name="optimizer"/> (built like the saved ones); returns its header.</summary>
    public static Header Load(string path, torch.nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var header = ReadHeader(reader, path);
        model.load(reader);
        optimizer.load_state_dict(reader);
        return header;
    }

    /// <summary>Reads only the header of a checkpoint.</summary>
    public static Header ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        return ReadHeader(reader, path);
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
                throw new InputException($"checkpoint '{path}' is not a belief checkpoint");
            int version = reader.ReadInt32();
            if (version != Version)
                throw new InputException($"checkpoint '{path}' has format version {version}; this program reads version {Version}");
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
