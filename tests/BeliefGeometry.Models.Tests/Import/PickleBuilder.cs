using System.Buffers.Binary;
using System.Text;

namespace BeliefGeometry.Models.Tests.Import;

/// <summary>Test-only: writes pickle opcodes one by one (names as in Python's pickletools), to build torch.save pickles and hostile ones.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public PickleBuilder Op(params byte[] bytes) { _bytes.AddRange(bytes); return this; }
    public PickleBuilder Proto(byte version) => Op(0x80, version);
    public PickleBuilder Frame(long length) => Op([0x95, .. Le(length, 8)]);
    public PickleBuilder Global(string module, string name) => Op([(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")]);
    public PickleBuilder StackGlobal(string module, string name) => ShortString(module).ShortString(name).Op(0x93);
    public PickleBuilder String(string text) { var b = Encoding.UTF8.GetBytes(text); return Op([(byte)'X', .. Le(b.Length, 4), .. b]); }
    public PickleBuilder ShortString(string text) { var b = Encoding.UTF8.GetBytes(text); return Op([0x8C, (byte)b.Length, .. b]); }
    public PickleBuilder Float(double value) { var b = new byte[8]; BinaryPrimitives.WriteDoubleBigEndian(b, value); return Op([(byte)'G', .. b]); }
    public PickleBuilder Mark() => Op((byte)'(');
    public PickleBuilder Tuple() => Op((byte)'t');
    public PickleBuilder EmptyTuple() => Op((byte)')');
    public PickleBuilder EmptyDict() => Op((byte)'}');
    public PickleBuilder EmptyList() => Op((byte)']');
    public PickleBuilder Append() => Op((byte)'a');
    public PickleBuilder SetItem() => Op((byte)'s');
    public PickleBuilder SetItems() => Op((byte)'u');
    public PickleBuilder Reduce() => Op((byte)'R');
    public PickleBuilder Build() => Op((byte)'b');
    public PickleBuilder PersistentId() => Op((byte)'Q');
    public PickleBuilder False() => Op(0x89);
    public PickleBuilder None() => Op((byte)'N');
    public PickleBuilder Put(byte index) => Op((byte)'q', index);
    public PickleBuilder Get(byte index) => Op((byte)'h', index);
    public PickleBuilder Memoize() => Op(0x94);
    public PickleBuilder Stop() => Op((byte)'.');

    /// <summary>The smallest of BININT1, BININT2, BININT and LONG1 that holds <paramref name="value"/>, as pickle chooses.</summary>
    public PickleBuilder Int(long value) => value switch
    {
        >= 0 and < 256 => Op((byte)'K', (byte)value),
        >= 0 and < 65536 => Op([(byte)'M', .. Le(value, 2)]),
        >= int.MinValue and <= int.MaxValue => Op([(byte)'J', .. Le(value, 4)]),
        _ => Op([0x8A, 8, .. Le(value, 8)]),
    };

    /// <summary>A tuple of integers (MARK … TUPLE).</summary>
    public PickleBuilder Ints(IEnumerable<long> values)
    {
        Mark();
        foreach (long v in values) Int(v);
        return Tuple();
    }

    public byte[] ToArray() => [.. _bytes];

    private static byte[] Le(long value, int bytes)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        return b[..bytes];
    }
}
