using System.Text.Json;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Import;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// A probed run as the analyses see it: its layout, resolved experiment, process, prefixes, probe results and
/// metrics (or, for an imported model, its import record), read once; plus where an analysis writes its JSON and figures. The files every report needs are read
/// (or checked) when the run is opened, so whatever is missing or corrupt is one <see cref="InputException"/> naming
/// the file before anything is written.
/// </summary>
public sealed class RunContext
{
    private readonly Lazy<PrefixSet> _prefixes;
    private readonly Lazy<TheoryReport> _theory;

    private RunContext(RunDirectory directory, ExperimentConfig config, HiddenMarkovProcess process, ProbeFile probe, RunMetrics metrics,
        ImportRecord? import)
    {
        Directory = directory;
        Config = config;
        Process = process;
        Probe = probe;
        Metrics = metrics;
        Import = import;
        _prefixes = new(() => PrefixSet.Enumerate(process, new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos)));
        _theory = new(() => ProcessTheory.Compute(process, new TheoryOptions(Depth: config.Model.NCtx)));
    }

    public RunDirectory Directory { get; }
    public ExperimentConfig Config { get; }
    public HiddenMarkovProcess Process { get; }

    /// <summary>probe.json, typed (<see cref="ProbeFile"/>).</summary>
    public ProbeFile Probe { get; }

    /// <summary>Every distinct prefix the probes saw, with its exact belief and probability.</summary>
    public PrefixSet Prefixes => _prefixes.Value;

    /// <summary>The process's theory to depth n_ctx, computed once for every analysis that needs it.</summary>
    public TheoryReport Theory => _theory.Value;

    /// <summary>metrics.jsonl, typed (no lines for an imported model).</summary>
    public RunMetrics Metrics { get; }

    /// <summary>import.json when the model was imported by <c>belief import</c> rather than trained here, else null.</summary>
    public ImportRecord? Import { get; }

    /// <summary>
    /// Opens the probed run in <paramref name="path"/>: it must exist and hold a readable config.json, probe.json,
    /// metrics.jsonl and import.json (when present) and <c>activations/</c>.
    /// </summary>
    public static RunContext Open(string path)
    {
        var directory = new RunDirectory(path);
        directory.RequireExisting();
        if (!File.Exists(directory.ConfigPath))
            throw new InputException($"'{path}' is not a run directory: it has no {RunDirectory.ConfigFileName} (make one with 'belief train')");
        directory.RequireReportWritable();
        var probe = ProbeFile.Read(directory);
        var config = ExperimentFile.Load(directory.ConfigPath);
        var metrics = RunMetrics.Read(directory.MetricsPath);
        var import = ImportRecord.Read(directory);
        if (!System.IO.Directory.Exists(directory.ActivationsPath))
            throw new InputException($"run '{path}' has no {RunDirectory.ActivationsFolder}/ folder; run 'belief probe {path}' again");
        return new RunContext(directory, config, ProcessCatalog.Resolve(config.Process), probe, metrics, import);
    }

    /// <summary>Path (without extension) of the figure <paramref name="name"/> in <c>figures/</c>, creating the folder.</summary>
    public string Figure(string name)
    {
        System.IO.Directory.CreateDirectory(Directory.FiguresPath);
        return Directory.FigurePath(name);
    }

    /// <summary>
    /// Writes an analysis's results to <c>&lt;name&gt;.json</c> atomically, as probe.json is written (indented, NaN as
    /// null, property names in snake_case unless a <c>JsonPropertyName</c> says otherwise); returns the path.
    /// </summary>
    public string WriteJson<T>(string name, T value)
    {
        string path = Directory.AnalysisPath(name);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(value, AnalysisJson) + "\n");
        return path;
    }

    private static readonly JsonSerializerOptions AnalysisJson = new(ProbeRun.JsonOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>activations/&lt;hook&gt;.npy as features: float32, one row per prefix; anything else is one line naming the file.</summary>
    public FeatureMatrix Activations(string hook)
    {
        string path = Directory.ActivationPath(hook);
        var array = ReadArray(path);
        if (array.DType != NpyDType.Float32 || array.Shape.Count != 2 || array.Shape[0] != Prefixes.Count || array.Shape[1] < 1)
            throw new InputException(
                $"'{path}' is not a float32 array of {Prefixes.Count:N0} rows, one per prefix; run 'belief probe {Directory.Path}' again");
        return new FeatureMatrix(hook, array.ToArray<float>(), (int)array.Shape[1]);
    }

    /// <summary>
    /// The activations at <paramref name="hooks"/> of the run's architecture at initialisation (<see cref="SequenceModels.Untrained"/>:
    /// built from its config and seed, weights not loaded), one row per prefix: the random-initialisation control.
    /// </summary>
    public IReadOnlyList<FeatureMatrix> UntrainedActivations(IReadOnlyList<string> hooks)
    {
        TorchRuntime.Initialize(Config.Training.Threads ?? Environment.ProcessorCount);
        using var model = SequenceModels.Untrained(Config);
        var activations = ActivationCapture.Capture(model, Prefixes, new ActivationCaptureOptions { Hooks = hooks });
        return [.. hooks.Select(h => new FeatureMatrix(h, activations[h].Data, activations[h].Width))];
    }

    /// <summary>
    /// An array from <c>activations/</c> (<paramref name="path"/>); a missing <c>activations/</c>, a missing file or one
    /// that is not a whole .npy is one line naming it, with the command that writes it.
    /// </summary>
    public NpyArray ReadArray(string path)
    {
        if (!System.IO.Directory.Exists(Directory.ActivationsPath))
            throw new InputException($"run '{Directory.Path}' has no {RunDirectory.ActivationsFolder}/ folder; run 'belief probe {Directory.Path}' again");
        if (!File.Exists(path))
            throw new InputException($"'{path}' does not exist; run 'belief probe {Directory.Path}' again");
        try
        {
            return Npy.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InputException($"'{path}' is not a whole .npy array ({e.Message.Replace(path + ": ", "")}); run 'belief probe {Directory.Path}' again");
        }
    }
}
