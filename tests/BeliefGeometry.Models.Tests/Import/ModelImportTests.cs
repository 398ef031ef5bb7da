using System.Security.Cryptography;
using System.Text.Json;
using BeliefGeometry.Models.Import;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Models.Transformer;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Import;

/// <summary>
/// <c>belief import</c>'s library side on a small random model written as torch.save writes it: the weights arrive
/// unchanged, the imported model computes what TransformerLens's forward pass computes, and every bad input is one line
/// with nothing written.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ModelImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-import-tests-").FullName;

    public ModelImportTests() => TorchRuntime.Initialize(TorchCollection.Threads);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>2 layers, d_model 8, 2 heads of 3 (so W_O is not square), d_mlp 12, vocabulary 3, n_ctx 4.</summary>
    private static readonly TransformerConfig Small = new() { NLayers = 2, DModel = 8, NHeads = 2, DHead = 3, DMlp = 12, DVocab = 3, NCtx = 4 };

    private const string Config = """{ "n_layers": 2, "d_model": 8, "n_heads": 2, "d_head": 3, "d_mlp": 12, "d_vocab": 3, "n_ctx": 4, "act_fn": "relu", "normalization_type": "LN" }""";

    /// <summary>Random values for every parameter of <see cref="Small"/> (names and shapes from the model), LayerNorm weights near 1.</summary>
    private static Dictionary<string, (float[] Values, long[] Shape)> RandomStateDict(int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        using var model = new HookedTransformer(Small, seed: 0);
        return model.named_parameters().ToDictionary(p => p.name, p =>
        {
            double centre = p.name.EndsWith(".w", StringComparison.Ordinal) ? 1 : 0;
            float[] values = [.. Enumerable.Range(0, (int)p.parameter.numel()).Select(_ => (float)(centre + 0.5 * Normal()))];
            return (values, p.parameter.shape);
        });
    }

    /// <summary>
    /// The tensors as torch.save stores them, with views: W_E at an offset in a storage it shares with W_pos, W_U as the
    /// transpose of a [d_vocab, d_model] storage, and TransformerLens's mask and IGNORE buffers in every block.
    /// </summary>
    private static List<StoredTensor> Stored(Dictionary<string, (float[] Values, long[] Shape)> state)
    {
        static byte[] Bytes(IEnumerable<float> values) => [.. values.SelectMany(BitConverter.GetBytes)];
        var (pos, embed, unembed) = (state["pos_embed.W_pos"], state["embed.W_E"], state["unembed.W_U"]);
        long dModel = unembed.Shape[0], vocab = unembed.Shape[1];
        byte[] shared = Bytes([.. pos.Values, .. embed.Values]);
        var transposed = Enumerable.Range(0, (int)vocab).SelectMany(x => Enumerable.Range(0, (int)dModel).Select(d => unembed.Values[d * vocab + x]));
        var tensors = new List<StoredTensor>
        {
            new("embed.W_E", embed.Shape, "FloatStorage", shared, Offset: pos.Values.Length, Key: "shared"),
            new("pos_embed.W_pos", pos.Shape, "FloatStorage", shared, Key: "shared"),
        };
        foreach (var (name, (values, shape)) in state.Where(kv => kv.Key is not ("embed.W_E" or "pos_embed.W_pos" or "unembed.W_U")))
        {
            tensors.Add(StoredTensor.Float(name, values, shape));
            if (name.EndsWith("attn.b_O", StringComparison.Ordinal))
            {
                string block = name[..^"b_O".Length];
                tensors.Add(new StoredTensor(block + "mask", [Small.NCtx, Small.NCtx], "BoolStorage", new byte[Small.NCtx * Small.NCtx]));
                tensors.Add(StoredTensor.Float(block + "IGNORE", [-1e5f]));
            }
        }
        tensors.Add(new StoredTensor("unembed.W_U", unembed.Shape, "FloatStorage", Bytes(transposed), Stride: [1, dModel]));
        return tensors;
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Checkpoint(string name, IReadOnlyList<StoredTensor> tensors)
    {
        string path = Path.Combine(_root, name);
        TorchZip.Write(path, tensors);
        return path;
    }

    [Fact]
    public void TheWeightsArriveUnchangedAndComputeTransformerLensLogits()
    {
        var state = RandomStateDict(seed: 11);
        string pt = Checkpoint("model.pt", Stored(state));
        string run = Path.Combine(_root, "run");

        var result = ModelImport.Run(pt, Write("config.json", Config), "mess3", run);

        using var loaded = TrainedRun.Load(run);
        var model = (HookedTransformer)loaded.Model;
        Assert.Equal(Small, model.Config);
        foreach (var (name, parameter) in model.named_parameters())
            Assert.Equal(state[name].Values, parameter.data<float>().ToArray());

        var reference = state.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Select(v => (double)v).ToArray());
        int[][] inputs = [[0, 1, 2, 0], [2, 2, 1, 1], [1, 0, 0, 2], [0, 0, 0, 0]];
        using var logits = model.call(tensor(inputs.SelectMany(i => i.Select(t => (long)t)).ToArray(), [inputs.Length, 4])).to(float64);
        var actual = logits.data<double>().ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            var expected = ReferenceTransformer.Logits(reference, 2, 8, 2, 3, 12, 3, inputs[i]);
            for (int t = 0; t < 4; t++)
                for (int x = 0; x < 3; x++)
                    Assert.Equal(expected[t][x], actual[(i * 4 + t) * 3 + x], 1e-5);
        }

        // import.json: the source, the buffers left out, and an exact loss that is never below the floor.
        var record = result.Record;
        Assert.Equal(("model.pt", "config.json", "mess3"), (record.Source, record.Config, record.Process));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(pt))), record.SourceSha256);
        Assert.Equal(new FileInfo(pt).Length, record.SourceBytes);
        Assert.Equal(["blocks.0.attn.mask", "blocks.0.attn.IGNORE", "blocks.1.attn.mask", "blocks.1.attn.IGNORE"], record.Ignored);
        Assert.Equal(model.parameters().Sum(p => p.numel()), record.Parameters);
        var v = record.Validation;
        Assert.True(v.Exact);
        Assert.Equal(4, v.ValLoss.Count);
        Assert.All(v.ValLoss.Zip(v.Floor), p => Assert.True(p.First >= p.Second - 1e-6, $"loss {p.First} below floor {p.Second}"));
        Assert.Equal(v.ValLoss.Zip(v.Floor, (l, f) => l - f).Max(), v.MaxExcess, 12);
        var read = ImportRecord.Read(new RunDirectory(run))!;
        Assert.Equal((record.SourceSha256, record.Parameters, v.MeanGap), (read.SourceSha256, read.Parameters, read.Validation.MeanGap));
        Assert.Equal(record.Ignored, read.Ignored);
        Assert.Equal(v.ValLoss, read.Validation.ValLoss);

        // A run like a trained one, minus what training writes.
        Assert.Equal(["config.json", "import.json", "model.safetensors", "model_config.json"], Directory.GetFileSystemEntries(run).Select(Path.GetFileName).Order());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.False(config.RootElement.GetProperty("data").GetProperty("bos").GetBoolean());
        Assert.Equal("import-model", config.RootElement.GetProperty("name").GetString());
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_root), e => Path.GetFileName(e).StartsWith('.')); // no staging directory left
    }

    public static TheoryData<string, string> BadStateDicts => new()
    {
        { "missing", "has no tensor blocks.1.mlp.b_out, which the model of" },
        { "extra", "has a tensor blocks.0.attn.W_X that the model of" },
        { "shape", "tensor embed.W_E is [3, 7] but the model of" },
        { "buffer of a third block", "has a tensor blocks.2.attn.mask that the model of" },
        { "twice", "holds tensor ln_final.b twice" },
        { "non-finite", "tensor blocks.0.mlp.W_in has a non-finite value (NaN) at element 5" },
        { "os.system", "names the global 'os.system'" },
        { "truncated", "is not a whole zip archive as torch.save writes" },
    };

    [Theory]
    [MemberData(nameof(BadStateDicts))]
    public void ABadStateDictIsOneLineAndNothingIsWritten(string bad, string expected)
    {
        var state = RandomStateDict(seed: 3);
        var tensors = Stored(state);
        switch (bad)
        {
            case "missing": tensors.RemoveAll(t => t.Name == "blocks.1.mlp.b_out"); break;
            case "extra": tensors.Add(StoredTensor.Float("blocks.0.attn.W_X", [1f], 1)); break;
            case "shape": tensors[0] = StoredTensor.Float("embed.W_E", new float[21], 3, 7); break;
            case "buffer of a third block": tensors.Add(new StoredTensor("blocks.2.attn.mask", [4, 4], "BoolStorage", new byte[16])); break;
            case "twice": tensors.Add(tensors.Single(t => t.Name == "ln_final.b")); break;
            case "non-finite":
                state["blocks.0.mlp.W_in"].Values[5] = float.NaN;
                tensors = Stored(state);
                break;
        }
        string pt = Checkpoint("bad.pt", tensors);
        if (bad == "os.system")
            TorchZip.WriteArchive(pt, new PickleBuilder().Proto(2).Global("os", "system").String("touch pwned").Op(0x85).Reduce().Stop().ToArray(), new Dictionary<string, byte[]>());
        if (bad == "truncated")
            File.WriteAllBytes(pt, File.ReadAllBytes(pt)[..^100]);

        string config = Write("config.json", Config);
        AssertRefused(() => ModelImport.Run(pt, config, "mess3", Path.Combine(_root, "run")), expected);
    }

    [Theory]
    [InlineData("n_layers", "1", "has a tensor blocks.1.ln1.w that the model of")] // the config has fewer blocks than the weights
    [InlineData("d_mlp", "16", "tensor blocks.0.mlp.W_in is [8, 12] but the model of")]
    [InlineData("attn_only", "true", "field 'attn_only' is true; allowed: false")]
    public void AConfigThatDoesNotMatchTheWeightsIsOneLineAndNothingIsWritten(string field, string value, string expected)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(Config)!.AsObject();
        config[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        string pt = Checkpoint("model.pt", Stored(RandomStateDict(seed: 4)));
        string path = Write("config.json", config.ToJsonString());
        AssertRefused(() => ModelImport.Run(pt, path, "mess3", Path.Combine(_root, "run")), expected);
    }

    [Fact]
    public void AProcessOfAnotherTokenCountOrABusyDirectoryIsRefused()
    {
        string pt = Checkpoint("model.pt", Stored(RandomStateDict(seed: 5)));
        string config = Write("config.json", Config);
        AssertRefused(() => ModelImport.Run(pt, config, "golden_mean", Path.Combine(_root, "run")),
            "process 'golden_mean' has 2 tokens but d_vocab in config");

        string busy = Path.Combine(_root, "busy");
        Directory.CreateDirectory(busy);
        File.WriteAllText(Path.Combine(busy, "notes.txt"), "mine");
        Assert.Contains("is not empty", Assert.Throws<InputException>(() => ModelImport.Run(pt, config, "mess3", busy)).Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(busy).Select(Path.GetFileName));
    }

    [Fact]
    public void AnImportedRunIsNotTrainedOrResumed()
    {
        string run = Path.Combine(_root, "run");
        var result = ModelImport.Run(Checkpoint("model.pt", Stored(RandomStateDict(seed: 6))), Write("config.json", Config), "mess3", run);
        using var trainer = new Trainer(result.Config, run);
        Assert.Contains("holds an imported model (import.json)", Assert.Throws<InputException>(() => trainer.Run(resume: true)).Message);
    }

    /// <summary>One line naming the problem, and no run directory nor staging directory left behind.</summary>
    private void AssertRefused(Action import, string expected)
    {
        var before = Directory.GetFileSystemEntries(_root).Order().ToList();
        var e = Assert.Throws<InputException>(import);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Directory.GetFileSystemEntries(_root).Order());
    }
}
