using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Probing;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The probe step of a finished run: every distinct prefix through the trained model (<see cref="ActivationCapture"/>),
/// the residual-stream hook points and their concatenation probed for the belief state and the other targets
/// (<see cref="Prober"/>, settings from the experiment's <c>probe</c> section), then <c>probe.json</c>, the held-out
/// belief predictions, the fitted probes (<c>probes/</c>, <see cref="ProbeCoefficientFiles"/>) and (optionally) the
/// activations with the prefixes' ground truth as <c>.npy</c>.
/// </summary>
public static class ProbeRun
{
    /// <summary>Name of the concatenation of every residual-stream hook point in the results.</summary>
    public const string ConcatenationName = "all layers";

    /// <summary>The final LayerNorm's output is probed on its own but is not a point of the residual stream.</summary>
    private const string FinalNormalized = "ln_final.hook_normalized";

    public sealed record Outcome(ProbeAnalysis Analysis, IReadOnlyList<string> Hooks, TimeSpan CaptureTime, TimeSpan ProbeTime, RunFiles Files);

    public static Outcome Run(string runDirectory, bool exportActivations, Action<string>? progress = null)
    {
        using var run = TrainedRun.Load(runDirectory);
        var config = run.Config;
        var files = new RunFiles(runDirectory);
        var process = ProcessCatalog.Resolve(config.Process);
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos));
        var hooks = run.Model.ResidualHookNames;
        var exported = exportActivations ? ExportedHooks(run.Model) : hooks;

        long bytes = ActivationCapture.OutputBytes(run.Model, prefixes, exported);
        long budget = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
        if (bytes > budget)
            throw new InputException(
                $"probing run '{runDirectory}': the activations of {prefixes.Count:N0} prefixes at {exported.Count} hook points take {bytes / 1e9:F1} GB, more than half the memory ({budget / 1e9:F1} GB); use a smaller model.n_ctx");
        progress?.Invoke($"capturing {exported.Count} hook points for {prefixes.Count:N0} prefixes");
        var clock = Stopwatch.StartNew();
        ActivationSet? activations = ActivationCapture.Capture(run.Model, prefixes, new ActivationCaptureOptions { Hooks = exported });
        var captureTime = clock.Elapsed;
        if (exportActivations)
        {
            foreach (string hook in exported)
            {
                var m = activations[hook];
                Npy.Write<float>(Path.Combine(files.Activations, hook + ".npy"), m.Data, m.Rows, m.Width);
            }
            PrefixSetExport.WriteAll(prefixes, files.Activations);
        }

        var blocks = hooks.Select(h => new FeatureMatrix(h, activations[h].Data, activations[h].Width)).ToList();
        activations = null; // the exported-only hooks and the capture's buffers: freed before the probes allocate
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var settings = new ProbeSettings
        {
            TrainFraction = config.Probe.TrainFraction,
            Folds = config.Probe.Folds,
            Seed = (ulong)config.Seed,
            ShuffleControl = config.Probe.ShuffleControl,
            Ridge = config.Probe.Ridge ? RidgeMode.Always : RidgeMode.Auto,
            ConcatenationOf = LayerOutputs(hooks),
            ConcatenationName = ConcatenationName,
            Threads = config.Training.Threads ?? Environment.ProcessorCount,
        };
        progress?.Invoke($"probing {blocks.Count} hook points and their concatenation");
        clock.Restart();
        var analysis = Prober.Run(blocks, prefixes, settings);
        var probeTime = clock.Elapsed;

        if (analysis.BeliefPredictions is { } predicted)
        {
            Npy.Write<double>(files.BeliefPredictions, predicted.Predicted, predicted.Rows.Length, predicted.Width);
            Npy.Write<int>(files.BeliefPredictionRows, predicted.Rows);
        }
        ProbeCoefficientFiles.Write(Path.Combine(runDirectory, ProbeCoefficientFiles.DirectoryName), analysis);
        var document = new JsonObject
        {
            ["run"] = config.Name,
            ["process"] = config.Process,
            ["parameters"] = run.Model.parameters().Sum(p => p.numel()),
            ["hooks"] = new JsonArray([.. hooks.Select(h => (JsonNode)h)]),
            ["capture_seconds"] = Math.Round(captureTime.TotalSeconds, 3),
            ["probe_seconds"] = Math.Round(probeTime.TotalSeconds, 3),
        };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(analysis, JsonOptions)!.AsObject().ToList())
            document[key] = value?.DeepClone();
        AtomicFile.WriteText(files.ProbeJson, document.ToJsonString(JsonOptions) + "\n");
        blocks.Clear(); // the activations and the probes' working memory: freed before the report reads the files
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return new Outcome(analysis, hooks, captureTime, probeTime, files);
    }

    /// <summary>
    /// The hook points written to <c>activations/</c>: the probed residual stream plus the names TransformerLens users
    /// reach for — <c>hook_embed</c>, <c>hook_pos_embed</c> and every block's <c>hook_resid_post</c> (equal to the next
    /// block's resid_pre) — in forward order.
    /// </summary>
    public static IReadOnlyList<string> ExportedHooks(Models.ISequenceModel model)
    {
        var wanted = model.ResidualHookNames.ToHashSet();
        wanted.UnionWith(model.HookNames.Where(h => h is "hook_embed" or "hook_pos_embed" || h.EndsWith(".hook_resid_post", StringComparison.Ordinal)));
        return [.. model.HookNames.Where(wanted.Contains)];
    }

    /// <summary>
    /// The residual stream after each layer, concatenated: the embedding (<c>blocks.0.hook_resid_pre</c>) and every
    /// block's output (<c>blocks.{l}.hook_resid_post</c> = <c>blocks.{l+1}.hook_resid_pre</c>): (n_layers + 1) × d_model
    /// features, as in the published concatenation. A recurrent model's hook points are all layer outputs.
    /// </summary>
    public static IReadOnlyList<string> LayerOutputs(IReadOnlyList<string> hooks) =>
        [.. hooks.Where(h => h != FinalNormalized && !h.EndsWith(".hook_resid_mid", StringComparison.Ordinal))];

    /// <summary>probe.json's writer: indented, NaN/∞ as null, readable non-ASCII (R², η).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteDoubleConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
