using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Models.Transformer;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ModelExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-export-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly TransformerConfig Small = new()
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 4, DMlp = 32, DVocab = 3, NCtx = 5,
    };

    [Fact]
    public void SafetensorsHoldsTransformerLensNamesAndShapesAndLoadsBackToTheSameModel()
    {
        var config = ExperimentFile.Parse(
            """{ "name": "export", "process": "mess3", "model": { "kind": "transformer", "n_layers": 2, "d_model": 16, "n_heads": 2, "d_head": 4, "d_mlp": 32, "d_vocab": 3, "n_ctx": 5 }, "training": { "steps": 1 } }""",
            "experiment 'export'");
        using var model = new HookedTransformer(Small, seed: 5);
        ModelExport.Save(model, config, _root);

        // The safetensors layout, read by hand: u64 little-endian header length, a JSON header, then the data.
        byte[] file = File.ReadAllBytes(Path.Combine(_root, "model.safetensors"));
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength));
        var entries = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .ToDictionary(p => p.Name, p => p.Value.Clone());

        // TransformerLens HookedTransformer state-dict names and shapes (d_model 16, 2 heads of 4, d_mlp 32, vocab 3, n_ctx 5).
        var expected = new Dictionary<string, long[]>
        {
            ["embed.W_E"] = [3, 16], ["pos_embed.W_pos"] = [5, 16],
            ["ln_final.w"] = [16], ["ln_final.b"] = [16], ["unembed.W_U"] = [16, 3], ["unembed.b_U"] = [3],
        };
        for (int l = 0; l < 2; l++)
        {
            expected[$"blocks.{l}.ln1.w"] = [16]; expected[$"blocks.{l}.ln1.b"] = [16];
            expected[$"blocks.{l}.ln2.w"] = [16]; expected[$"blocks.{l}.ln2.b"] = [16];
            foreach (string m in new[] { "Q", "K", "V" })
            {
                expected[$"blocks.{l}.attn.W_{m}"] = [2, 16, 4];
                expected[$"blocks.{l}.attn.b_{m}"] = [2, 4];
            }
            expected[$"blocks.{l}.attn.W_O"] = [2, 4, 16]; expected[$"blocks.{l}.attn.b_O"] = [16];
            expected[$"blocks.{l}.mlp.W_in"] = [16, 32]; expected[$"blocks.{l}.mlp.b_in"] = [32];
            expected[$"blocks.{l}.mlp.W_out"] = [32, 16]; expected[$"blocks.{l}.mlp.b_out"] = [16];
        }
        Assert.Equal(expected.Keys.Order(), entries.Keys.Order());
        long dataBytes = 0;
        foreach (var (name, entry) in entries)
        {
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(expected[name], shape);
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(4 * shape.Aggregate(1L, (a, b) => a * b), offsets[1] - offsets[0]);
            dataBytes += offsets[1] - offsets[0];
        }
        Assert.Equal(8 + headerLength + dataBytes, file.LongLength);

        // W_E read straight from the bytes equals the model's embedding.
        var we = entries["embed.W_E"].GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var fromFile = MemoryMarshalFloats(file, 8 + headerLength + we[0], 3 * 16);
        var fromModel = model.state_dict()["embed.W_E"].data<float>().ToArray();
        Assert.Equal(fromModel, fromFile);

        // A fresh model with other weights loads the file and then computes the same logits.
        using var fresh = new HookedTransformer(Small, seed: 99);
        using var tokens = tensor(new long[] { 0, 1, 2, 1, 0, 2, 2, 1, 0, 0 }, [2, 5]);
        using var before = fresh.call(tokens);
        using var want = model.call(tokens);
        Assert.False(before.allclose(want));
        ModelExport.LoadWeights(fresh, _root);
        using var after = fresh.call(tokens);
        Assert.Equal(want.data<float>().ToArray(), after.data<float>().ToArray());

        using var modelConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "model_config.json")));
        Assert.Equal(2, modelConfig.RootElement.GetProperty("n_layers").GetInt32());
        Assert.Equal(4, modelConfig.RootElement.GetProperty("d_head").GetInt32());
        Assert.Equal("transformer", modelConfig.RootElement.GetProperty("kind").GetString());
        // TransformerLens's HookedTransformerConfig refuses null here; its own default is 0.8 / √d_model.
        Assert.Equal(0.8 / Math.Sqrt(modelConfig.RootElement.GetProperty("d_model").GetInt32()),
            modelConfig.RootElement.GetProperty("initializer_range").GetDouble(), 15);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp"));
    }

    [Fact]
    public void LoadingFromADirectoryWithoutWeightsIsAnInputError()
    {
        using var model = new HookedTransformer(Small, seed: 1);
        var e = Assert.Throws<InputException>(() => ModelExport.LoadWeights(model, _root));
        Assert.Contains("model.safetensors", e.Message);
    }

    private static float[] MemoryMarshalFloats(byte[] bytes, long offset, int count)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(offset + 4 * i), 4));
        return result;
    }
}
