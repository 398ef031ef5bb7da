using System.Buffers.Binary;
using System.Text;

namespace BeliefGeometry.Models.Training;

/// <summary>One scalar of a TensorBoard summary: its tag and its value.</summary>
internal readonly record struct Scalar(string Tag, float Value);

/// <summary>
/// The part of the <c>tensorboard.Event</c> protobuf (TensorBoard's <c>compat/proto/event.proto</c> and
/// <c>summary.proto</c>) that scalars need, in the protobuf wire format: <c>Event { double wall_time = 1; int64 step = 2;
/// string file_version = 3; Summary summary = 5; }</c>, <c>Summary { repeated Value value = 1; }</c>,
/// <c>Value { string tag = 1; float simple_value = 2; }</c>.
/// </summary>
internal static class TensorBoardEvent
{
    /// <summary>The <c>file_version</c> of the first event of every event file.</summary>
    public const string FileVersion = "brain.Event:2";

    private const int Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>The event that opens a file: its wall time (seconds since 1970) and <see cref="FileVersion"/>.</summary>
    public static byte[] Version(double wallTime)
    {
        byte[] version = Encoding.UTF8.GetBytes(FileVersion);
        var w = new Writer(new byte[9 + 1 + VarintSize((ulong)version.Length) + version.Length]);
        w.Double(1, wallTime);
        w.Bytes(3, version);
        return w.Done();
    }

    /// <summary>An event of <paramref name="values"/> at <paramref name="step"/>, logged at <paramref name="wallTime"/> (seconds since 1970).</summary>
    public static byte[] Scalars(double wallTime, long step, IReadOnlyList<Scalar> values)
    {
        var tags = new byte[values.Count][];
        int summarySize = 0;
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = Encoding.UTF8.GetBytes(values[i].Tag);
            summarySize += FieldSize(ValueSize(tags[i]));
        }
        var w = new Writer(new byte[9 + 1 + VarintSize((ulong)step) + FieldSize(summarySize)]);
        w.Double(1, wallTime);
        w.Varint(2, (ulong)step);
        w.Key(5, LengthDelimited);
        w.Varint((ulong)summarySize);
        for (int i = 0; i < tags.Length; i++)
        {
            w.Key(1, LengthDelimited);
            w.Varint((ulong)ValueSize(tags[i]));
            w.Bytes(1, tags[i]);
            w.Float(2, values[i].Value);
        }
        return w.Done();
    }

    /// <summary>Reads an event's step and its <c>simple_value</c> scalars; false when <paramref name="data"/> is not a well-formed event.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out long step, out List<Scalar> values)
    {
        step = 0;
        values = [];
        var reader = new Reader(data);
        while (reader.Next(out int field, out int wire))
        {
            switch ((field, wire))
            {
                case (2, 0):
                    if (!reader.Varint(out ulong s)) return false;
                    step = (long)s;
                    break;
                case (5, LengthDelimited):
                    if (!reader.Bytes(out var summary) || !TryReadSummary(summary, values)) return false;
                    break;
                default:
                    if (!reader.Skip(wire)) return false;
                    break;
            }
        }
        return reader.AtEnd;
    }

    private static bool TryReadSummary(ReadOnlySpan<byte> summary, List<Scalar> values)
    {
        var reader = new Reader(summary);
        while (reader.Next(out int field, out int wire))
        {
            if (field == 1 && wire == LengthDelimited)
            {
                if (!reader.Bytes(out var value) || !TryReadValue(value, out string? tag, out float? simple)) return false;
                if (tag is not null && simple is { } v) values.Add(new Scalar(tag, v));
            }
            else if (!reader.Skip(wire))
                return false;
        }
        return reader.AtEnd;
    }

    private static bool TryReadValue(ReadOnlySpan<byte> value, out string? tag, out float? simple)
    {
        (tag, simple) = (null, null);
        var reader = new Reader(value);
        while (reader.Next(out int field, out int wire))
        {
            switch ((field, wire))
            {
                case (1, LengthDelimited):
                    if (!reader.Bytes(out var text)) return false;
                    tag = Encoding.UTF8.GetString(text);
                    break;
                case (2, Fixed32):
                    if (!reader.Fixed(4, out var bits)) return false;
                    simple = BinaryPrimitives.ReadSingleLittleEndian(bits);
                    break;
                default:
                    if (!reader.Skip(wire)) return false;
                    break;
            }
        }
        return reader.AtEnd;
    }

    private static int ValueSize(byte[] tag) => FieldSize(tag.Length) + 1 + 4;

    /// <summary>Size of a length-delimited field of <paramref name="length"/> bytes with a one-byte key.</summary>
    private static int FieldSize(int length) => 1 + VarintSize((ulong)length) + length;

    private static int VarintSize(ulong value)
    {
        int size = 1;
        for (; value >= 0x80; value >>= 7) size++;
        return size;
    }

    /// <summary>Writes fields (numbers below 16: one-byte keys) into a buffer of the exact size.</summary>
    private ref struct Writer(byte[] buffer)
    {
        private int _at;

        public void Key(int field, int wire) => Varint((ulong)((field << 3) | wire));

        public void Varint(ulong value)
        {
            for (; value >= 0x80; value >>= 7)
                buffer[_at++] = (byte)(value | 0x80);
            buffer[_at++] = (byte)value;
        }

        public void Varint(int field, ulong value)
        {
            Key(field, 0);
            Varint(value);
        }

        public void Double(int field, double value)
        {
            Key(field, Fixed64);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(_at), value);
            _at += 8;
        }

        public void Float(int field, float value)
        {
            Key(field, Fixed32);
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(_at), value);
            _at += 4;
        }

        public void Bytes(int field, byte[] value)
        {
            Key(field, LengthDelimited);
            Varint((ulong)value.Length);
            value.CopyTo(buffer, _at);
            _at += value.Length;
        }

        public readonly byte[] Done() => _at == buffer.Length ? buffer : throw new InvalidOperationException("event size miscounted");
    }

    /// <summary>Reads fields; a read past the end (or a malformed key) fails it and returns false.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;
        private bool _failed;

        /// <summary>Whether every byte was read without a failure.</summary>
        public readonly bool AtEnd => !_failed && _at == _data.Length;

        /// <summary>The next field's number and wire type; false at the end or on a failure.</summary>
        public bool Next(out int field, out int wire)
        {
            (field, wire) = (0, 0);
            if (_failed || _at == _data.Length)
                return false;
            if (!Varint(out ulong key) || key >> 3 is 0 or > int.MaxValue)
                return Fail();
            (field, wire) = ((int)(key >> 3), (int)(key & 7));
            return true;
        }

        public bool Varint(out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 64 && _at < _data.Length; shift += 7)
            {
                byte b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return true;
            }
            return Fail();
        }

        public bool Fixed(int size, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (_data.Length - _at < size)
                return Fail();
            bytes = _data.Slice(_at, size);
            _at += size;
            return true;
        }

        public bool Bytes(out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (!Varint(out ulong length) || length > (ulong)(_data.Length - _at))
                return Fail();
            return Fixed((int)length, out bytes);
        }

        public bool Skip(int wire) => wire switch
        {
            0 => Varint(out _),
            Fixed64 => Fixed(8, out _),
            LengthDelimited => Bytes(out _),
            Fixed32 => Fixed(4, out _),
            _ => Fail(),
        };

        private bool Fail()
        {
            _failed = true;
            return false;
        }
    }
}
