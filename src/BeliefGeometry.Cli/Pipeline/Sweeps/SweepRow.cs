using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// One point of the merged table: its settings beside what its run directory holds — the held-out belief probe on all
/// layers concatenated with its nulls (shuffled targets, random features as wide, the same model untrained) and the
/// last-m-tokens baseline, the best single probe, the final validation loss above the floor, and timings (training
/// tokens per second, and the training time at that rate; probe capture and fit). Missing
/// parts (an unfinished point) are null.
/// </summary>
public sealed record SweepRow(
    SweepPoint Point,
    bool Finished,
    string? Process,
    string? ModelKind,
    long? Seed,
    long? Parameters,
    string? ProbeFeatures,
    double? R2,
    double? ShuffledR2,
    double? RandomFeaturesR2,
    double? UntrainedR2,
    int? MarkovOrder,
    double? MarkovBaselineR2,
    string? BestFeatures,
    double? BestR2,
    double? ValidationLoss,
    double? LossFloor,
    double? LossGap,
    double? TokensPerSecond,
    double? TrainSeconds,
    double? ProbeSeconds)
{
    /// <summary>Reads the run directory of <paramref name="point"/> in <paramref name="sweepDirectory"/>.</summary>
    public static SweepRow Read(SweepPoint point, string sweepDirectory)
    {
        var run = new RunDirectory(point.Directory(sweepDirectory));
        bool finished = point.IsFinished(sweepDirectory);
        ExperimentConfig? config = File.Exists(run.ConfigPath) ? ExperimentFile.Load(run.ConfigPath) : null;
        var metrics = RunMetrics.Read(run.MetricsPath);
        var eval = metrics.Evals.Count > 0 ? metrics.Evals[^1] : null;
        // The trainer logs tokens per second averaged since its session started: the last line's is the rate of the
        // (last) session, and the training time is the whole run's tokens at that rate.
        var last = metrics.Train.LastOrDefault(t => t.TokensPerSecond is > 0);
        double? tokensPerSecond = last?.TokensPerSecond;
        double? trainSeconds = last is null ? null : metrics.Train[^1].Tokens / last.TokensPerSecond;

        ProbeFile? probe = File.Exists(run.ProbePath) ? ProbeFile.Read(run) : null;
        var settings = probe?.Analysis.Settings;
        var beliefs = probe?.Analysis.Results.Where(r => r.Target == ProbeFile.BeliefTarget).ToList() ?? [];
        var concatenation = beliefs.FirstOrDefault(r => !r.Baseline && r.Features == settings?.ConcatenationName)
                            ?? (probe?.BeliefProbes.Count == 1 ? probe.BeliefProbes[0] : null);
        int? order = settings?.MarkovOrders.Count > 0 ? settings.MarkovOrders.Max() : null;
        var markov = order is { } m ? beliefs.FirstOrDefault(r => r.Baseline && !r.RandomNull && r.Features == $"last_{m}_tokens") : null;
        var random = concatenation is null ? null : beliefs.FirstOrDefault(r => r.RandomNull && r.FeatureCount == concatenation.FeatureCount);
        var best = probe?.Best;
        return new SweepRow(point, finished, config?.Process, config?.Model.Kind, config?.Seed, probe?.Info.Parameters,
            concatenation?.Features, concatenation?.HeldOut.R2, concatenation?.ShuffledHeldOutR2, random?.HeldOut.R2, concatenation?.RandomInit?.R2,
            markov is null ? null : order, markov?.HeldOut.R2, best?.Features, best?.HeldOut.R2,
            Finite(eval?.MeanValLoss), Finite(eval?.MeanFloor), Finite(eval?.MeanGap), tokensPerSecond, trainSeconds,
            probe is null ? null : (probe.Info.CaptureSeconds ?? 0) + (probe.Info.ProbeSeconds ?? 0));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
