using BeliefGeometry.Export;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Models.Experiments;
using TorchSharp;
using TorchSharp.PyBridge;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// Saves a trained model for Python users: <c>model.safetensors</c> (TorchSharp.PyBridge) with the model's own
/// parameter names — TransformerLens's (<c>embed.W_E</c>, <c>blocks.0.attn.W_Q</c> [n_heads, d_model, d_head], …)
/// for a transformer — and <c>model_config.json</c>, the experiment's <c>model</c> object with TransformerLens's
/// config names. In Python:
/// <code>
/// cfg = json.load(open("model_config.json")); cfg.pop("kind")
/// model = HookedTransformer(HookedTransformerConfig(**cfg))
/// model.load_state_dict(safetensors.torch.load_file("model.safetensors"), strict=False)
/// </code>
/// (<c>strict=False</c> because TransformerLens's constant buffers — the causal <c>mask</c> and <c>IGNORE</c> — are
/// not stored.) Both files are written atomically.
/// </summary>
public static class ModelExport
{
    public const string WeightsFileName = "model.safetensors";
    public const string ConfigFileName = "model_config.json";

    /// <summary>Writes the weights and the model config into <paramref name="directory"/>.</summary>
    public static void Save(ISequenceModel model, ExperimentConfig config, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        var modelJson = JsonNode.Parse(config.ToJson())!["model"]!;
        // TransformerLens's config refuses initializer_range = null: write the value the weights were drawn with.
        if (config.Model.Transformer is { } transformer)
            modelJson["initializer_range"] = transformer.ResolvedInitializerRange;
        AtomicFile.WriteText(Path.Combine(directory, ConfigFileName),
            modelJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        AtomicFile.Write(Path.Combine(directory, WeightsFileName),
            stream => ((torch.nn.Module)model).save_safetensors(stream, leaveOpen: true));
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into <paramref name="model"/> (built with the same config).</summary>
    public static void LoadWeights(ISequenceModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        string path = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(path))
            throw new InputException($"'{path}' does not exist; a run writes it when training completes");
        ((torch.nn.Module)model).load_safetensors(path);
    }
}
