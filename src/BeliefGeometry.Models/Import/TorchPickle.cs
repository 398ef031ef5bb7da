using System.Buffers.Binary;
using System.Text;
using BeliefGeometry.Json;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// A restricted reader of the <c>data.pkl</c> that <c>torch.save(model.state_dict())</c> writes: the pickle opcodes of
/// protocols 2–4 that it emits (Python's <c>pickletools</c> names them), building plain values — strings, integers,
/// floats, booleans, None, tuples, lists, dicts — and only two kinds of object: the empty dict that
/// <c>collections.OrderedDict()</c> makes, and the tensor description of <c>torch._utils._rebuild_tensor_v2</c>
/// (<see cref="TensorRecord"/>, its storage from a persistent id). Nothing named in the pickle is ever called: a
/// GLOBAL outside <see cref="AllowedGlobals"/> (<c>os.system</c>, <c>builtins.eval</c>, any class) is refused when it is
/// read, before anything is built from it. The result must be a dict of parameter name → tensor.
/// </summary>
public static class TorchPickle
{
    private const string OrderedDict = "collections.OrderedDict", RebuildTensor = "torch._utils._rebuild_tensor_v2",
        RebuildParameter = "torch._utils._rebuild_parameter";

    /// <summary>The globals a state dict may name: the dict, the two tensor rebuilders and the storage classes.</summary>
    public static IReadOnlyList<string> AllowedGlobals { get; } =
        [OrderedDict, RebuildTensor, RebuildParameter, .. StorageType.All.Keys.Select(k => "torch." + k)];

    /// <summary>The most dimensions a tensor may have.</summary>
    private const int MaxRank = 16;

    private sealed record Global(string Name);

    private sealed class Dict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = [];
    }

    private sealed class Mark;

    /// <summary>
    /// The state dict in <paramref name="pickle"/>, in order: parameter name → tensor. Anything else — an opcode or a
    /// global outside the subset, a malformed or truncated pickle, a value of another kind — throws one
    /// <see cref="InputException"/> that starts with <paramref name="source"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, TensorRecord>> ReadStateDict(ReadOnlySpan<byte> pickle, string source)
    {
        var result = Read(pickle, source);
        if (result is not Dict dict)
            throw new InputException($"{source} holds {Describe(result)}, not a state dict (an OrderedDict of parameter name → tensor, as torch.save(model.state_dict()) writes)");
        var entries = new List<KeyValuePair<string, TensorRecord>>(dict.Items.Count);
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name || value is not TensorRecord tensor)
                throw new InputException($"{source}: the state dict maps {Describe(key)} to {Describe(value)}; allowed: parameter names (strings) mapped to tensors");
            entries.Add(new(name, tensor));
        }
        return entries;
    }

    private static object? Read(ReadOnlySpan<byte> pickle, string source)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        int at = 0;
        InputException Fail(string what) => new($"{source}, byte {at}: {what}");
        ReadOnlySpan<byte> Take(ReadOnlySpan<byte> p, long n)
        {
            if (n < 0 || n > p.Length - at) throw new InputException($"{source} is truncated at byte {at} (it needs {n:N0} more bytes)");
            var bytes = p.Slice(at, (int)n);
            at += (int)n;
            return bytes;
        }
        object? Pop()
        {
            if (stack.Count == 0 || stack[^1] is Mark) throw Fail("the pickle takes a value from an empty stack");
            var top = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return top;
        }
        List<object?> PopToMark()
        {
            int mark = stack.FindLastIndex(v => v is Mark);
            if (mark < 0) throw Fail("the pickle has no MARK to close");
            var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }
        Dict TargetDict(string opcode) => stack.Count > 0 && stack[^1] is Dict d ? d : throw Fail($"{opcode} needs a dict below its items");
        List<object?> TargetList(string opcode) => stack.Count > 0 && stack[^1] is List<object?> l ? l : throw Fail($"{opcode} needs a list below its items");
        object? Recall(long index) => memo.TryGetValue(index, out var v) ? v : throw Fail($"the pickle recalls memo {index}, which was never stored");
        object? Allowed(string module, string name)
        {
            string global = $"{module}.{name}";
            if (!AllowedGlobals.Contains(global))
                throw new InputException($"{source} names the global '{Abbreviation.Of(global)}'; allowed: {string.Join(", ", AllowedGlobals)} (a state dict of tensors; nothing named in a pickle is run)");
            return new Global(global);
        }

        while (true)
        {
            if (at >= pickle.Length) throw new InputException($"{source} is truncated: it ends at byte {at} without STOP");
            byte opcode = pickle[at++];
            switch (opcode)
            {
                case 0x80: // PROTO
                    if (Take(pickle, 1)[0] is < 2 or > 5) throw Fail("pickle protocol other than 2 to 5");
                    break;
                case 0x95: Take(pickle, 8); break; // FRAME: a length hint only
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': stack.Add(new Mark()); break;
                case (byte)'}': stack.Add(new Dict()); break; // EMPTY_DICT
                case (byte)']': stack.Add(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': stack.Add(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': stack.Add(PopToMark().ToArray()); break; // TUPLE
                case 0x85: stack.Add(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'X': stack.Add(Utf8(Take(pickle, BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, 4))))); break; // BINUNICODE
                case 0x8C: stack.Add(Utf8(Take(pickle, Take(pickle, 1)[0]))); break; // SHORT_BINUNICODE
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(pickle, 4))); break; // BININT
                case (byte)'K': stack.Add((long)Take(pickle, 1)[0]); break; // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(pickle, 2))); break; // BININT2
                case 0x8A: // LONG1: n little-endian two's-complement bytes
                {
                    int n = Take(pickle, 1)[0];
                    if (n > 8) throw Fail($"an integer of {n} bytes (at most 8 are allowed)");
                    var bytes = Take(pickle, n);
                    long value = n > 0 && (sbyte)bytes[n - 1] < 0 ? -1 : 0;
                    for (int i = n - 1; i >= 0; i--) value = (value << 8) | bytes[i];
                    stack.Add(value);
                    break;
                }
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(pickle, 8))); break; // BINFLOAT
                case 0x88: stack.Add(true); break; // NEWTRUE
                case 0x89: stack.Add(false); break; // NEWFALSE
                case (byte)'N': stack.Add(null); break; // NONE
                case (byte)'c': stack.Add(Allowed(Line(pickle, ref at, source), Line(pickle, ref at, source))); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n) throw Fail("STACK_GLOBAL of values that are not strings");
                    stack.Add(Allowed(m, n));
                    break;
                }
                case (byte)'Q': stack.Add(Storage(Pop(), Fail)); break; // BINPERSID
                case (byte)'q': memo[Take(pickle, 1)[0]] = Top(stack, Fail); break; // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, 4))] = Top(stack, Fail); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Top(stack, Fail); break; // MEMOIZE
                case (byte)'h': stack.Add(Recall(Take(pickle, 1)[0])); break; // BINGET
                case (byte)'j': stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, 4)))); break; // LONG_BINGET
                case (byte)'R': { var args = Pop(); var callable = Pop(); stack.Add(Call(callable, args, Fail)); break; } // REDUCE
                case (byte)'b': // BUILD: OrderedDict's state (its _metadata attribute) is not needed
                {
                    var state = Pop();
                    if (state is not (null or Dict or object[]) || stack.Count == 0 || stack[^1] is not Dict)
                        throw Fail($"BUILD of {Describe(stack.Count > 0 ? stack[^1] : null)} with {Describe(state)} (only an OrderedDict's attributes are allowed)");
                    break;
                }
                case (byte)'s': { var value = Pop(); var key = Pop(); TargetDict("SETITEM").Items.Add(new(key, value)); break; } // SETITEM
                case (byte)'u': // SETITEMS
                {
                    var items = PopToMark();
                    if (items.Count % 2 != 0) throw Fail("SETITEMS of an odd number of values");
                    var dict = TargetDict("SETITEMS");
                    for (int i = 0; i < items.Count; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
                    break;
                }
                case (byte)'a': { var value = Pop(); TargetList("APPEND").Add(value); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); TargetList("APPENDS").AddRange(items); break; } // APPENDS
                default:
                    at--;
                    throw Fail($"opcode 0x{opcode:x2} is not one torch.save writes for a state dict");
            }
        }
    }

    private static object? Top(List<object?> stack, Func<string, InputException> fail) =>
        stack.Count > 0 && stack[^1] is not Mark ? stack[^1] : throw fail("the pickle memoizes an empty stack");

    /// <summary>A persistent id: <c>('storage', torch.&lt;Type&gt;Storage, key, location, numel)</c>.</summary>
    private static StorageRecord Storage(object? id, Func<string, InputException> fail)
    {
        if (id is not object?[] { Length: 5 } t || t[0] is not "storage" || t[1] is not Global g || t[2] is not string key
            || t[3] is not string || t[4] is not long numel || numel < 0)
            throw fail($"a persistent id of {Describe(id)}; allowed: ('storage', a storage type, key, location, element count)");
        if (!g.Name.StartsWith("torch.", StringComparison.Ordinal) || !StorageType.All.TryGetValue(g.Name["torch.".Length..], out var type))
            throw fail($"a storage of type '{g.Name}'; allowed: {string.Join(", ", StorageType.All.Keys.Select(k => "torch." + k))}");
        return new StorageRecord(type, key, numel);
    }

    /// <summary>REDUCE: only <c>OrderedDict()</c> and the tensor rebuilders may be called, and only as torch.save calls them.</summary>
    private static object Call(object? callable, object? args, Func<string, InputException> fail)
    {
        if (callable is not Global g || args is not object?[] a)
            throw fail($"REDUCE of {Describe(callable)} with {Describe(args)}");
        switch (g.Name)
        {
            case OrderedDict when a.Length == 0:
                return new Dict();
            case RebuildTensor when a.Length is 6 or 7 && a[0] is StorageRecord storage && a[1] is long offset && offset >= 0
                                    && a[2] is object?[] size && a[3] is object?[] stride && a[4] is bool && a[5] is Dict:
                return Tensor(storage, offset, size, stride, fail);
            case RebuildParameter when a.Length == 3 && a[0] is TensorRecord tensor && a[1] is bool && a[2] is Dict:
                return tensor;
            default:
                throw fail($"REDUCE calls {g.Name} with {Describe(args)}, not as torch.save(model.state_dict()) calls it");
        }
    }

    private static TensorRecord Tensor(StorageRecord storage, long offset, object?[] size, object?[] stride, Func<string, InputException> fail)
    {
        if (size.Length > MaxRank || size.Length != stride.Length
            || size.Any(d => d is not long n || n < 0) || stride.Any(s => s is not long n || n < 0))
            throw fail($"a tensor of size {Describe(size)} and stride {Describe(stride)}; allowed: up to {MaxRank} non-negative integers each, as many strides as sizes");
        long[] shape = [.. size.Cast<long>()];
        long count = 1;
        foreach (long d in shape)
            count = count > Array.MaxLength / Math.Max(d, 1) ? long.MaxValue : count * d;
        if (count > Array.MaxLength)
            throw fail($"a tensor of size ({string.Join(", ", shape)}): more than {Array.MaxLength:N0} elements");
        return new TensorRecord(storage, offset, shape, [.. stride.Cast<long>()]);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes);

    /// <summary>A newline-terminated ASCII argument of GLOBAL (at most 256 bytes).</summary>
    private static string Line(ReadOnlySpan<byte> pickle, ref int at, string source)
    {
        int end = pickle[at..].IndexOf((byte)'\n');
        if (end < 0 || end > 256) throw new InputException($"{source}, byte {at}: a GLOBAL without a name line");
        string line = Encoding.ASCII.GetString(pickle.Slice(at, end));
        at += end + 1;
        return line;
    }

    /// <summary>What a value is, in a word or two (never its contents: values may be cyclic).</summary>
    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"the string '{Abbreviation.Of(s, 40)}'",
        long n => $"the integer {n}",
        double => "a float",
        bool b => b ? "True" : "False",
        object?[] t => $"a tuple of {t.Length}",
        List<object?> => "a list",
        Dict => "a dict",
        Global g => g.Name,
        StorageRecord => "a storage",
        TensorRecord => "a tensor",
        _ => "a value",
    };
}
