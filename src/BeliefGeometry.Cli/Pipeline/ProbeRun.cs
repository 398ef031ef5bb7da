using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    public sealed record Outcome(ProbeAnalysis Analysis, IReadOnlyList<string> Hooks, TimeSpan CaptureTime, TimeSpan ProbeTime, RunDirectory Files);

    public static Outcome Run(string runDirectory, bool exportActivations, Action<string>? progress = null)
    {
        using var run = TrainedRun.Load(runDirectory);
        var config = run.Config;
        var files = run.Directory;
        var process = ProcessCatalog.Resolve(config.Process);
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos));
        var hooks = run.Model.ResidualHookNames;
        // Without export only the probed hook points are captured (less memory); with it, every name of the stream.
        var exported = exportActivations ? run.Model.StreamHooks.Select(h => h.Name).ToList() : hooks;

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
                Npy.Write<float>(files.ActivationPath(hook), m.Data, m.Rows, m.Width);
            }
            PrefixSetExport.WriteAll(prefixes, files.ActivationsPath);
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
            ConcatenationOf = [.. run.Model.LayerOutputHooks.Select(h => h.Name)],
            ConcatenationName = ConcatenationName,
            Threads = config.Training.Threads ?? Environment.ProcessorCount,
        };
        progress?.Invoke($"probing {blocks.Count} hook points and their concatenation");
        clock.Restart();
        var analysis = Prober.Run(blocks, prefixes, settings);
        var probeTime = clock.Elapsed;

        if (analysis.BeliefPredictions is { } predicted)
        {
            Npy.Write<double>(files.BeliefPredictionsPath, predicted.Predicted, predicted.Rows.Length, predicted.Width);
            Npy.Write<int>(files.BeliefPredictionRowsPath, predicted.Rows);
        }
        ProbeCoefficientFiles.Write(files.ProbesPath, analysis);
        ProbeFile.Write(files, new ProbeRunInfo(config.Name, config.Process, run.Model.parameters().Sum(p => p.numel()), hooks,
            Math.Round(captureTime.TotalSeconds, 3), Math.Round(probeTime.TotalSeconds, 3)), analysis);
        blocks.Clear();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true); // the activations and the probes' working memory
        return new Outcome(analysis, hooks, captureTime, probeTime, files);
    }

    /// <summary>probe.json's writer: indented, NaN/∞ as null, readable non-ASCII (R², η).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteDoubleConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
