using BeliefGeometry.Models.Import;

namespace BeliefGeometry.Models.Tests.Import;

/// <summary>The restricted unpickler: torch.save's state-dict pickles read, everything else refused in one line naming what it met.</summary>
public sealed class TorchPickleTests
{
    private const string Source = "'m.pt' (checkpoint/data.pkl)";

    [Fact]
    public void ReadsAStateDictAsTorchSaveWritesIt()
    {
        byte[] pickle = TorchZip.StateDictPickle(
        [
            StoredTensor.Float("embed.W_E", new float[6], 3, 2),
            new StoredTensor("unembed.W_U", [2, 3], "DoubleStorage", new byte[8 * 6], Stride: [1, 2]),
            new StoredTensor("blocks.0.attn.mask", [2, 2], "BoolStorage", new byte[4]),
            new StoredTensor("blocks.0.attn.IGNORE", [], "FloatStorage", new byte[4], Key: "shared", Offset: 0),
        ]);

        var entries = TorchPickle.ReadStateDict(pickle, Source);

        Assert.Equal(["embed.W_E", "unembed.W_U", "blocks.0.attn.mask", "blocks.0.attn.IGNORE"], entries.Select(e => e.Key));
        var (embed, unembed, mask, ignore) = (entries[0].Value, entries[1].Value, entries[2].Value, entries[3].Value);
        Assert.Equal(("FloatStorage", "0", 6L, 0L), (embed.Storage.Type.Name, embed.Storage.Key, embed.Storage.Numel, embed.Offset));
        Assert.Equal([3L, 2], embed.Shape);
        Assert.Equal([2L, 1], embed.Stride);
        Assert.Equal([1L, 2], unembed.Stride);
        Assert.Equal(("DoubleStorage", 8), (unembed.Storage.Type.Name, unembed.Storage.Type.Size));
        Assert.Equal("BoolStorage", mask.Storage.Type.Name);
        Assert.Empty(ignore.Shape);
        Assert.Equal(("shared", 1L), (ignore.Storage.Key, ignore.Count));
    }

    [Fact]
    public void ReadsTheProtocol4FormsAndParameters()
    {
        // FRAME, SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE and _rebuild_parameter around _rebuild_tensor_v2 (with metadata).
        byte[] pickle = new PickleBuilder().Proto(4).Frame(200).Op(0x7D).Memoize() // EMPTY_DICT, memo 0
            .ShortString("pos_embed.W_pos").StackGlobal("torch._utils", "_rebuild_parameter")
            .Mark().StackGlobal("torch._utils", "_rebuild_tensor_v2")
            .Mark().Mark().ShortString("storage").StackGlobal("torch", "HalfStorage").ShortString("7").ShortString("cpu").Int(70_000).Tuple()
            .PersistentId().Int(300).Ints([4, 5]).Ints([5, 1]).False().StackGlobal("collections", "OrderedDict").EmptyTuple().Reduce().None().Tuple()
            .Reduce().Op(0x88).EmptyDict().Tuple().Reduce() // _rebuild_parameter(tensor, True, {})
            .SetItem().Stop().ToArray();

        var entry = Assert.Single(TorchPickle.ReadStateDict(pickle, Source));

        Assert.Equal("pos_embed.W_pos", entry.Key);
        Assert.Equal(("HalfStorage", "7", 70_000L, 300L), (entry.Value.Storage.Type.Name, entry.Value.Storage.Key, entry.Value.Storage.Numel, entry.Value.Offset));
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "os.system", new PickleBuilder().Proto(2).Global("os", "system").String("echo pwned").Op(0x85).Reduce().Stop().ToArray() },
        { "builtins.eval", new PickleBuilder().Proto(4).StackGlobal("builtins", "eval").String("1+1").Op(0x85).Reduce().Stop().ToArray() },
        { "__builtin__.eval", new PickleBuilder().Proto(2).Global("__builtin__", "eval").String("1+1").Op(0x85).Reduce().Stop().ToArray() },
        { "__main__.Exploit", new PickleBuilder().Proto(2).Global("__main__", "Exploit").EmptyTuple().Reduce().Stop().ToArray() },
        // Hidden inside a real state dict, after a good tensor.
        { "subprocess.Popen", [.. TorchZip.StateDictPickle([StoredTensor.Float("embed.W_E", new float[2], 2)])[..^1],
            .. new PickleBuilder().Global("subprocess", "Popen").String("ls").Op(0x85).Reduce().Stop().ToArray()] },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void AGlobalOutsideTheAllowListIsRefusedByName(string global, byte[] pickle)
    {
        var e = Assert.Throws<InputException>(() => TorchPickle.ReadStateDict(pickle, Source));
        Assert.Contains($"names the global '{global}'", e.Message);
        Assert.StartsWith(Source, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "REDUCE calls torch.FloatStorage", new PickleBuilder().Proto(2).Global("torch", "FloatStorage").Int(4).Op(0x85).Reduce().Stop().ToArray() },
        { "REDUCE calls collections.OrderedDict", new PickleBuilder().Proto(2).Global("collections", "OrderedDict").String("x").Op(0x85).Reduce().Stop().ToArray() },
        { "BUILD of a list", new PickleBuilder().Proto(2).EmptyList().EmptyDict().Build().Stop().ToArray() },
        { "opcode 0x69", new PickleBuilder().Proto(2).Op((byte)'i').Stop().ToArray() }, // INST: builds an instance
        { "opcode 0x81", new PickleBuilder().Proto(2).Op(0x81).Stop().ToArray() }, // NEWOBJ
        { "without STOP", new PickleBuilder().Proto(2).EmptyDict().ToArray() },
        { "truncated", new PickleBuilder().Proto(2).Op((byte)'X', 100, 0, 0, 0, 65).ToArray() },
        { "never stored", new PickleBuilder().Proto(2).Get(9).Stop().ToArray() },
        { "holds a list", new PickleBuilder().Proto(2).EmptyList().Stop().ToArray() },
        { "maps the integer 1 to the integer 2", new PickleBuilder().Proto(2).EmptyDict().Int(1).Int(2).SetItem().Stop().ToArray() },
        { "a storage of type 'collections.OrderedDict'", new PickleBuilder().Proto(2).Mark().String("storage").Global("collections", "OrderedDict")
            .String("0").String("cpu").Int(1).Tuple().PersistentId().Stop().ToArray() },
        { "empty stack", new PickleBuilder().Proto(2).Reduce().Stop().ToArray() },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AnythingButAStateDictIsOneLine(string expected, byte[] pickle)
    {
        var e = Assert.Throws<InputException>(() => TorchPickle.ReadStateDict(pickle, Source));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Source, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
