using System.Security.Cryptography;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using TorchSharp;

namespace BeliefGeometry.Models.Import;

/// <summary>
/// <c>belief import</c>: a TransformerLens <c>HookedTransformer</c> state dict saved by <c>torch.save</c>
/// (<see cref="TorchArchive"/>) and its config (<see cref="TransformerLensConfig"/>) become a run directory that
/// <c>belief probe</c> and <c>belief report</c> read like a trained one — <c>config.json</c> (the model, the process, no
/// BOS, default probe settings), <c>model.safetensors</c> + <c>model_config.json</c> (<see cref="ModelExport"/>) and
/// <c>import.json</c> (<see cref="ImportRecord"/>) — but no metrics.jsonl and no checkpoints: nothing was trained. Every
/// check (config, process, archive, pickle, parameter names and shapes, values) is made before anything is written; the
/// run is written into a temporary sibling directory and renamed into place at the end.
/// </summary>
public static class ModelImport
{
    /// <summary>TransformerLens's constant attention buffers, in a state dict but not parameters: accepted and left out.</summary>
    private static readonly string[] ConstantBuffers = ["attn.mask", "attn.IGNORE"];

    /// <summary>The settings <c>--set</c> may change: those that do not describe the imported model or its process.</summary>
    public static IReadOnlyList<string> Settable { get; } = ["name", "seed", "probe.<field>", "training.threads", "training.device"];

    /// <summary>What the import wrote.</summary>
    public sealed record Result(string RunDirectory, ExperimentConfig Config, ImportRecord Record);

    /// <summary>The run name of an import of <paramref name="stateDictPath"/>: <c>import-&lt;file name without extension&gt;</c>, as an experiment name allows.</summary>
    public static string DefaultName(string stateDictPath)
    {
        string name = "import-" + string.Concat(Path.GetFileNameWithoutExtension(stateDictPath)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
        return name.Length <= 100 ? name : name[..100];
    }

    /// <summary>
    /// Imports <paramref name="stateDictPath"/> with <paramref name="configPath"/> as a model of <paramref name="process"/>
    /// into <paramref name="runDirectory"/>, which must be absent or empty; <paramref name="sets"/> (<c>path=value</c>, as
    /// <see cref="ExperimentFile.Apply"/> takes them) change the run's <see cref="Settable"/> settings, such as the probe's;
    /// <paramref name="progress"/> hears of each stage. Throws <see cref="InputException"/> (one line, nothing written) for
    /// anything that does not fit.
    /// </summary>
    public static Result Run(string stateDictPath, string configPath, string process, string runDirectory, IReadOnlyList<string>? sets = null,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stateDictPath);
        ArgumentNullException.ThrowIfNull(runDirectory);
        var directory = new RunDirectory(runDirectory);
        if (directory.IsNonEmpty)
            throw new InputException($"run directory '{runDirectory}' is not empty; choose another --out");
        sets ??= [];
        if (sets.FirstOrDefault(set => !IsSettable(set.Split('=', 2)[0].Trim())) is { } fixedSetting)
            throw new InputException($"option '--set {Json.Abbreviation.Of(fixedSetting)}': the model comes from --config and the process from --process; allowed: {string.Join(", ", Settable)}");
        var lens = TransformerLensConfig.Read(configPath);
        var hmm = ProcessCatalog.Resolve(process);
        if (hmm.TokenCount != lens.Model.DVocab)
            throw new InputException($"process '{process}' has {hmm.TokenCount} tokens but d_vocab in config '{configPath}' is {lens.Model.DVocab}; allowed: a process of d_vocab tokens (an imported model has no BOS token)");
        var config = ExperimentFile.Parse(new ExperimentConfig
        {
            Name = DefaultName(stateDictPath), Process = process, Model = ModelConfig.Of(lens.Model),
            Training = new TrainingConfig { Steps = 1 }, // the format needs a length; import.json says nothing was trained
        }.ToJson(), $"config '{configPath}' as a model of process '{process}'", sets, probes: true);

        using var archive = TorchArchive.Open(stateDictPath);
        TorchRuntime.Initialize(config.Training.Threads ?? Environment.ProcessorCount);
        using var model = SequenceModels.Create(config.Model, config.Seed);
        var ignored = Load((torch.nn.Module)model, archive, stateDictPath, configPath, lens.Model.NLayers);
        progress?.Invoke($"loaded {archive.Tensors.Count - ignored.Count} parameters from {stateDictPath}{(ignored.Count > 0 ? $" ({ignored.Count} constant buffers left out)" : "")}");

        var layout = new SequenceLayout(config.Model.NCtx, hmm.TokenCount, bos: false);
        var validation = ValidationSet.Create(hmm, layout, exact: null, Trainer.ValidationSeed(config.Seed));
        progress?.Invoke($"per-position loss on {validation.Count:N0} input words{(validation.IsExact ? " (all of them, exact)" : " (a sample)")}");
        ((torch.nn.Module)model).eval();
        var evaluation = new EvaluationResult(0, validation.PerPositionLoss(model, torch.CPU), ProcessTheory.LossFloor(hmm, layout), validation.IsExact);

        var record = new ImportRecord(Path.GetFileName(stateDictPath), Sha256(stateDictPath), new FileInfo(stateDictPath).Length,
            Path.GetFileName(configPath), lens.Fields, config.Process, model.parameters().Sum(p => p.numel()), ignored,
            ImportValidation.From(evaluation));
        Write(directory, config, model, record);
        return new Result(runDirectory, config, record);
    }

    /// <summary>
    /// Copies the archive's tensors into the model's parameters after checking that they are exactly its parameters
    /// (plus constant buffers of its blocks, left out), of its shapes, and finite; returns the names left out.
    /// </summary>
    private static List<string> Load(torch.nn.Module model, TorchArchive archive, string path, string configPath, int layers)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var buffers = Enumerable.Range(0, layers).SelectMany(l => ConstantBuffers.Select(b => $"blocks.{l}.{b}")).ToHashSet();
        var tensors = new Dictionary<string, TensorRecord>();
        var ignored = new List<string>();
        foreach (var (name, tensor) in archive.Tensors)
        {
            if (tensors.ContainsKey(name) || ignored.Contains(name))
                throw new InputException($"'{path}' holds tensor {name} twice");
            if (buffers.Contains(name)) ignored.Add(name);
            else tensors[name] = tensor;
        }
        WeightShapes.Check(path, tensors.ToDictionary(t => t.Key, t => t.Value.Shape), parameters.ToDictionary(p => p.Key, p => p.Value.shape), configPath);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in parameters)
        {
            float[] values = archive.Read(name, tensors[name]);
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new InputException($"'{path}': tensor {name} has a non-finite value ({values[bad]}) at element {bad}; allowed: finite weights");
            using var source = torch.tensor(values, parameter.shape);
            parameter.copy_(source);
        }
        return ignored;
    }

    /// <summary>Writes the run into a fresh sibling directory, then renames it to <paramref name="directory"/> (an empty one is replaced).</summary>
    private static void Write(RunDirectory directory, ExperimentConfig config, ISequenceModel model, ImportRecord record)
    {
        string target = Path.GetFullPath(directory.Path);
        string staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.import-{Guid.NewGuid():N}");
        var files = new RunDirectory(staging);
        try
        {
            Directory.CreateDirectory(staging);
            AtomicFile.WriteText(files.ConfigPath, config.ToJson());
            ModelExport.Save(model, config, staging);
            record.Write(files.ImportPath);
            if (Directory.Exists(target))
            {
                if (directory.IsNonEmpty)
                    throw new InputException($"run directory '{directory.Path}' is not empty; choose another --out");
                Directory.Delete(target);
            }
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static bool IsSettable(string path) =>
        path is "name" or "seed" or "training.threads" or "training.device" || path.StartsWith("probe.", StringComparison.Ordinal);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
