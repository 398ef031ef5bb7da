using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Data;
using BeliefGeometry.Export;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Activations;
using BeliefGeometry.Models.Experiments;
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

    /// <summary>One protocol's results: <see cref="ResultsPath"/> holds them (probe.json for <c>heldout</c>).</summary>
    public sealed record Outcome(ProbeAnalysis Analysis, IReadOnlyList<string> Hooks, TimeSpan CaptureTime, TimeSpan ProbeTime, RunDirectory Files,
        string ResultsPath);

    /// <summary>
    /// Probes the run under <paramref name="protocol"/> (<see cref="ProbeProtocols"/>), or when null under the protocols
    /// its experiment asks for (<c>heldout</c>, and <c>published</c> with <c>probe.published_protocol</c>); the
    /// activations are captured once for all of them. Only <c>heldout</c> writes the fitted probes and predictions.
    /// </summary>
    public static IReadOnlyList<Outcome> Run(string runDirectory, bool exportActivations, string? protocol = null, Action<string>? progress = null)
    {
        if (protocol is not null && !ProbeProtocols.Names.Contains(protocol))
            throw new InputException($"--protocol '{protocol}' is unknown; use one of {string.Join(", ", ProbeProtocols.Names)}");
        using var run = TrainedRun.Load(runDirectory);
        var config = run.Config;
        var files = run.Directory;
        string[] protocols = protocol is not null ? [protocol]
            : config.Probe.PublishedProtocol ? [ProbeProtocols.HeldOut, ProbeProtocols.Published] : [ProbeProtocols.HeldOut];
        var transformer = config.Model.Transformer;
        if (protocols.Contains(ProbeProtocols.Published) && transformer is null)
            throw new InputException($"run '{runDirectory}': the published protocol reads a transformer's TransformerLens hook points, and this model is a {config.Model.Kind}");
        int layers = transformer?.NLayers ?? 0;
        bool finalNorm = transformer?.NormalizationType == "LN";

        var process = ProcessCatalog.Resolve(config.Process);
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(config.Model.NCtx, process.TokenCount, config.Data.Bos));
        var hooks = run.Model.ResidualHookNames;
        var named = config.Probe.FeatureSets;
        var probed = HooksToProbe(run, protocols, layers, finalNorm);
        var exported = exportActivations ? run.Model.StreamHooks.Select(h => h.Name).Union(probed).ToList() : probed;

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

        var blocks = probed.Select(h => new FeatureMatrix(h, activations[h].Data, activations[h].Width)).ToList();
        activations = null; // the exported-only hooks and the capture's buffers: freed before the probes allocate
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        long parameters = run.Model.parameters().Sum(p => p.numel());
        var analyses = ProbeEach(protocols, blocks, hooks, named, prefixes, HeldOutSettings(config, run.Model), layers, finalNorm, progress);
        blocks.Clear();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true); // the activations and the probes' working memory
        AddRandomInit(run, prefixes, probed, analyses, progress);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        var outcomes = new List<Outcome>();
        foreach (var (name, analysis, names, probeTime) in analyses)
        {
            if (name == ProbeProtocols.HeldOut)
            {
                if (analysis.BeliefPredictions is { } predicted)
                {
                    Npy.Write<double>(files.BeliefPredictionsPath, predicted.Predicted, predicted.Rows.Length, predicted.Width);
                    Npy.Write<int>(files.BeliefPredictionRowsPath, predicted.Rows);
                }
                ProbeCoefficientFiles.Write(files.ProbesPath, analysis);
            }
            ProbeFile.Write(files, new ProbeRunInfo(config.Name, config.Process, parameters, names,
                Math.Round(captureTime.TotalSeconds, 3), Math.Round(probeTime.TotalSeconds, 3)), analysis);
            outcomes.Add(new Outcome(analysis, names, captureTime, probeTime, files, files.ProbePathFor(name)));
        }
        return outcomes;
    }

    /// <summary>
    /// Each protocol's analysis of its own blocks. A method of its own so that nothing of it outlives the call: the
    /// caller frees the activations next, and an unoptimised frame would keep its locals (and the blocks) alive.
    /// </summary>
    private static List<(string Protocol, ProbeAnalysis Analysis, IReadOnlyList<string> Hooks, TimeSpan Time)> ProbeEach(
        IReadOnlyList<string> protocols, IReadOnlyList<FeatureMatrix> blocks, IReadOnlyList<string> hooks, NamedFeatureSets named, PrefixSet prefixes,
        ProbeSettings settings, int layers, bool finalNorm, Action<string>? progress)
    {
        var analyses = new List<(string, ProbeAnalysis, IReadOnlyList<string>, TimeSpan)>();
        foreach (string name in protocols)
        {
            var own = name == ProbeProtocols.HeldOut ? [.. blocks.Where(b => hooks.Contains(b.Name) || named.Hooks.Contains(b.Name))] : blocks;
            progress?.Invoke($"probing {own.Count} hook points and their concatenation ({name} protocol)");
            var clock = Stopwatch.StartNew();
            analyses.Add((name, Prober.Run(own, prefixes, ProbeProtocols.Apply(name, settings, layers, finalNorm)), [.. own.Select(b => b.Name)], clock.Elapsed));
        }
        return analyses;
    }

    /// <summary>
    /// The random-initialisation control: the untrained model's activations at <paramref name="probed"/>, each analysis
    /// given the scores of the same probes of them (<see cref="WithRandomInit"/>).
    /// </summary>
    private static void AddRandomInit(TrainedRun run, PrefixSet prefixes, IReadOnlyList<string> probed,
        List<(string Protocol, ProbeAnalysis Analysis, IReadOnlyList<string> Hooks, TimeSpan Time)> analyses, Action<string>? progress)
    {
        progress?.Invoke("probing the same architecture untrained (the random-initialisation control)");
        using var untrained = SequenceModels.Untrained(run.Config);
        var initial = ActivationCapture.Capture(untrained, prefixes, new ActivationCaptureOptions { Hooks = probed });
        var blocks = probed.Select(h => new FeatureMatrix(h, initial[h].Data, initial[h].Width)).ToList();
        for (int i = 0; i < analyses.Count; i++)
        {
            var own = blocks.Where(b => analyses[i].Hooks.Contains(b.Name)).ToList();
            analyses[i] = analyses[i] with { Analysis = WithRandomInit(analyses[i].Analysis, own, prefixes) };
        }
    }

    /// <summary>
    /// Every hook point the protocols probe — for <c>heldout</c> the residual stream and the experiment's feature sets
    /// (<c>probe.feature_sets</c>, each name checked against the model), for <c>published</c> the paper's points.
    /// </summary>
    private static List<string> HooksToProbe(TrainedRun run, IReadOnlyList<string> protocols, int layers, bool finalNorm)
    {
        var named = run.Config.Probe.FeatureSets;
        var capturable = ActivationCapture.CapturableHooks(run.Model);
        foreach (var set in named.Sets)
            if (set.Of.FirstOrDefault(h => !capturable.Contains(h)) is { } unknown)
                throw new InputException($"run '{run.Directory.Path}': probe.feature_sets.{set.Name} names '{unknown}', which is not a hook point of this model with a value per position; allowed: {string.Join(", ", capturable)}");
        return [.. protocols.SelectMany(p => p == ProbeProtocols.HeldOut ? [.. run.Model.ResidualHookNames, .. named.Hooks] : ProbeProtocols.Hooks(p, layers, finalNorm))
            .Distinct()];
    }

    /// <summary>Widest next-k-token target probed: V^k columns per prefix (a 12-token vocabulary's k = 3 would be 1,728).</summary>
    public const int MaxNextTokenColumns = 256;

    /// <summary>The horizons k = 1, 2, 3 of the next-k-token targets whose V^k columns fit <see cref="MaxNextTokenColumns"/> (k = 1 always).</summary>
    private static int[] NextTokenHorizons(int vocabulary) =>
        [.. new[] { 1, 2, 3 }.Where(k => k == 1 || Math.Pow(vocabulary, k) <= MaxNextTokenColumns)];

    /// <summary>The held-out protocol's settings from the experiment's probe section (the other protocols start from them).</summary>
    private static ProbeSettings HeldOutSettings(ExperimentConfig config, ISequenceModel model) => new()
    {
        TrainFraction = config.Probe.TrainFraction,
        Folds = config.Probe.Folds,
        Seed = (ulong)config.Seed,
        ShuffleControl = config.Probe.ShuffleControl,
        Ridge = config.Probe.Ridge ? RidgeMode.Always : RidgeMode.Auto,
        ConcatenationOf = [.. model.LayerOutputHooks.Select(h => h.Name)],
        ConcatenationName = ConcatenationName,
        TrainFractionSweep = config.Probe.TrainFractionSweep ? [0.2, 0.5, 0.8] : [],
        MarkovOrders = [.. Enumerable.Range(1, config.Probe.MarkovOrder)],
        NextTokenHorizons = NextTokenHorizons(config.Model.DVocab - (config.Data.Bos ? 1 : 0)), // the process's tokens
        Probed = model.ResidualHookNames,
        FeatureSets = config.Probe.FeatureSets.Sets,
        Threads = config.Training.Threads ?? Environment.ProcessorCount,
    };

    /// <summary>
    /// <paramref name="analysis"/> with each probe of the model's activations for the belief and its readouts (a factor's
    /// belief, the component posterior) given the score of the same probe (same protocol, blocks and concatenations) of
    /// <paramref name="initial"/>, the untrained model's activations at the hook points the analysis read.
    /// </summary>
    private static ProbeAnalysis WithRandomInit(ProbeAnalysis analysis, IReadOnlyList<FeatureMatrix> initial, PrefixSet prefixes)
    {
        var settings = ControlSettings(analysis.Settings);
        var control = Prober.Run(initial, prefixes, settings).Results.Where(r => !r.Baseline)
            .ToDictionary(r => (r.Features, r.Target), r => r.ScoreFor(settings.Scoring));
        var results = analysis.Results.Select(r => !r.Baseline && control.TryGetValue((r.Features, r.Target), out var score)
            ? r with { RandomInit = score } : r).ToList();
        return analysis with { Results = results };
    }

    /// <summary>
    /// The settings of the same probes of other activations (the random-initialisation control): the protocol's rows,
    /// split, folds, estimator and concatenation, and the belief and its readouts alone — no other targets, baselines,
    /// random or shuffled nulls, spreads or sweeps.
    /// </summary>
    internal static ProbeSettings ControlSettings(ProbeSettings settings) => settings with
    {
        NextTokenHorizons = [], MarkovOrders = [], Baselines = false, RandomNull = false, ShuffleControl = false, SplitSeeds = 0, DistanceRows = 0,
        TrainFractionSweep = [],
        CrossValidate = settings.Scoring == Scoring.CrossValidation,
    };

    /// <summary>probe.json's writer: indented, NaN/∞ as null, readable non-ASCII (R², η).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteDoubleConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
