using System.Globalization;
using BeliefGeometry.Probing;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// The published protocol's part of the report, when the run was probed under it (<c>probe.published.json</c>,
/// <see cref="ProbeProtocols.Published"/>): every feature set's in-sample MSE and R² — the numbers the paper's figures
/// show — beside the same fit of random features as wide, of shuffled targets and of the untrained model, the distance
/// correlations, and the held-out R² of the same set where the held-out protocol probed it. Nothing when there are no
/// such results.
/// </summary>
public sealed class PublishedProtocolReport : IRunAnalysis
{
    public string Name => "published";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        if (!File.Exists(run.Directory.ProbePathFor(ProbeProtocols.Published))) return [];
        var published = ProbeFile.Read(run.Directory, ProbeProtocols.Published);
        var probes = published.BeliefProbes;
        var nulls = published.BeliefBaselines.Where(r => r.RandomNull).ToList();
        var heldOut = run.Probe.BeliefProbes.ToDictionary(r => r.Features);
        double rows = run.Prefixes.WordCounts().Sum();

        string Number(double? value) => ReportPage.Number(value ?? double.NaN);
        var table = new ReportTable(
            ["Feature set", "p", "In-sample MSE", "In-sample R²", "Random R²", "Shuffle R²", "Untrained R²", "Dist. R² (beliefs)", "Dist. R² (next token)", "Held-out R²"],
            [.. probes.Select(r => (IReadOnlyList<string>)
            [
                r.Features, r.FeatureCount.ToString(CultureInfo.InvariantCulture), r.InSample is { } s ? s.Mse.ToString("0.00e+0", CultureInfo.InvariantCulture) : "—",
                Number(r.InSample?.R2), Number(nulls.FirstOrDefault(n => n.FeatureCount == r.FeatureCount)?.InSample?.R2),
                Number(r.ShuffledInSampleR2), Number(r.RandomInit?.R2), Number(r.DistanceR2?.Beliefs), Number(r.DistanceR2?.NextToken),
                Number(heldOut.GetValueOrDefault(r.Features)?.HeldOut.R2),
            ])]);
        return [new ReportSection("published", "The published protocol (in sample)", [new ReportParagraph(Lead(probes, nulls, rows)), table])];
    }

    /// <summary>One sentence on the widest set: its in-sample MSE and R² against random features as wide, and what in sample means.</summary>
    internal static string Lead(IReadOnlyList<ProbeResult> probes, IReadOnlyList<ProbeResult> nulls, double rows)
    {
        if (probes.Count == 0) return "No probe was fitted under the published protocol.";
        var widest = probes.MaxBy(r => r.FeatureCount)!;
        var random = nulls.FirstOrDefault(n => n.FeatureCount == widest.FeatureCount);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"Under the published protocol — every positive-probability word of the context at every position ({rows:N0} equally weighted rows, a shared prefix repeated), least squares fitted and scored on the same rows — {widest.Features} ({widest.FeatureCount} features) reaches MSE {widest.InSample?.Mse:0.00e+0} and in-sample R² {widest.InSample?.R2:0.000}");
        if (random?.InSample?.R2 is { } r2)
            text += string.Create(CultureInfo.InvariantCulture, $"; random features as wide reach R² {r2:0.000}");
        if (widest.DistanceR2 is { Beliefs: { } beliefs, NextToken: { } next })
            text += string.Create(CultureInfo.InvariantCulture, $". Distances between its predicted beliefs correlate with those between the true beliefs at R² {beliefs:0.00} and between the next-token distributions at R² {next:0.00}");
        return text + ". An in-sample score is an upper bound that width alone can reach; the held-out scores above are the measure.";
    }
}
