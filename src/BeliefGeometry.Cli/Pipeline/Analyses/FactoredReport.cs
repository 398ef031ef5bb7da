using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Geometry.Factored;
using BeliefGeometry.Probing;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// Factored structure (docs/design.md section 2.7), for a run of a product process only: at every probed hook point and
/// their concatenation, each factor's subspace from its belief probe (<c>probes/</c>) and from the activations while the
/// other factors are frozen, the overlap of the factors' subspaces against random subspaces and against the same
/// architecture at initialisation (its own probes, fitted as probe.json's were), and the activations' dimension against
/// the factors' belief dimensions side by side and the joint simplex's (<see cref="FactoredGeometry"/>). Writes
/// factored.json and figures/factored, and the section "Factored structure".
/// </summary>
public sealed class FactoredReport : IRunAnalysis
{
    /// <summary>An overlap below this at every k counts as "nearly orthogonal" (issue 11's target).</summary>
    public const double OrthogonalBelow = 0.01;

    private const string Heading = "Factored structure";
    private const string SectionId = "factored";

    public string Name => "factored";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        // Independent factors only: in a chain a factor's tokens steer the next factor, so freezing the others does not isolate it.
        if (run.Process is not { FactorsIndependent: true, Factors: { } factors }) return [];
        var clock = Stopwatch.StartNew();
        var settings = run.Probe.Analysis.Settings;
        var hooks = run.Probe.BeliefProbes.Select(r => r.Features).Where(f => settings.Probed?.Contains(f) ?? f != settings.ConcatenationName).ToList();
        if (hooks.Count == 0) throw new InputException($"'{run.Probe.Path}' probes no hook point; run 'belief probe {run.Directory.Path}' again");
        if (hooks.Select(run.Directory.ActivationPath).FirstOrDefault(p => !File.Exists(p)) is { } missing)
            return [Section(new ReportParagraph(
                $"The factored analysis reads the activations of every probed hook point, and '{missing}' is missing: run 'belief probe {run.Directory.Path}' (without --no-activations) to export them, then 'belief report {run.Directory.Path}'."))];

        var prefixes = run.Prefixes;
        var dimensions = FactoredDimensions.Of(prefixes);
        var targets = factors.Select((_, k) => BeliefReadout.Factor(factors, k).Name).ToList();
        // The concatenation's members in the probe's column order (the hook points' order), when every one of them was probed here.
        var members = settings.Concatenate && run.Probe.BeliefProbes.Any(r => r.Features == settings.ConcatenationName)
            && (settings.ConcatenationOf?.All(hooks.Contains) ?? true) ? hooks.Where(h => settings.ConcatenationOf?.Contains(h) ?? true).ToList() : [];

        var untrained = run.UntrainedActivations(hooks);
        var untrainedProbes = Prober.Run(untrained, prefixes, ProbeRun.ControlSettings(settings) with { Probed = hooks, FeatureSets = [] }).Results;
        var trainedProbes = File.Exists(Path.Combine(run.Directory.ProbesPath, ProbeCoefficientFiles.IndexName));

        FactoredFeatureSet Measure(string name, FeatureMatrix trainedFeatures, FeatureMatrix untrainedFeatures, bool concatenation)
        {
            var trainedFits = targets.Select(t => trainedProbes ? ReadProbe(run, name, t) : null).ToList();
            var untrainedFits = targets.Select(t => untrainedProbes.FirstOrDefault(r => r.Features == name && r.Target == t)).ToList();
            return new FactoredFeatureSet(name, trainedFeatures.Columns, concatenation,
                [.. targets.Select(t => run.Probe.Analysis.Results.FirstOrDefault(r => r.Features == name && r.Target == t)?.HeldOut.R2)],
                [.. untrainedFits.Select(r => r?.HeldOut.R2)],
                FactoredGeometry.Measure(trainedFeatures.ToArray(), trainedFeatures.Columns, prefixes, dimensions, trainedFits),
                FactoredGeometry.Measure(untrainedFeatures.ToArray(), untrainedFeatures.Columns, prefixes, dimensions, [.. untrainedFits.Select(r => r?.Coefficients)]));
        }

        var trained = hooks.Select(run.Activations).ToList();
        var sets = hooks.Select((h, i) => Measure(h, trained[i], untrained[i], concatenation: false)).ToList();
        if (members.Count > 1)
            sets.Add(Measure(settings.ConcatenationName,
                FeatureMatrix.Concatenate(settings.ConcatenationName, [.. trained.Where(b => members.Contains(b.Name))]),
                FeatureMatrix.Concatenate(settings.ConcatenationName, [.. untrained.Where(b => members.Contains(b.Name))]), concatenation: true));
        var lead = Lead(sets);
        var result = new FactoredResult(run.Process.Name, prefixes.Count, dimensions, FactoredGeometry.DefaultKs, lead.Features, sets,
            Math.Round(clock.Elapsed.TotalSeconds, 3));
        run.WriteJson(Name, result);
        return [Measured(run, result, lead, trainedProbes)];
    }

    /// <summary>
    /// Factor probe <paramref name="features"/> → <paramref name="target"/> from <c>probes/</c>; null when it was not fitted
    /// (a run probed before factor targets existed). A folder that is not what 'belief probe' wrote is one line naming it.
    /// </summary>
    private static LinearCoefficients? ReadProbe(RunContext run, string features, string target)
    {
        try
        {
            return ProbeCoefficientFiles.Read(run.Directory.ProbesPath, features, target);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or IOException
            or FormatException or ArgumentException or OverflowException)
        {
            throw new InputException($"'{run.Directory.ProbesPath}' does not hold the probes 'belief probe' writes ({e.Message.Split('\n')[0]}); run 'belief probe {run.Directory.Path}' again");
        }
    }

    /// <summary>The hook point where every factor is read best: the highest least held-out factor R² (the later on a tie; the last without R²).</summary>
    private static FactoredFeatureSet Lead(IReadOnlyList<FactoredFeatureSet> sets)
    {
        var hooks = sets.Where(s => !s.Concatenation).ToList();
        // A factor whose belief does not vary has no R²: the least is over the others (−∞ when none has one).
        double Worst(FactoredFeatureSet s) => s.FactorR2.Any(r => r is not null) ? s.FactorR2.Where(r => r is not null).Min(r => r!.Value) : double.NegativeInfinity;
        return hooks.Select((s, i) => (Set: s, Index: i)).MaxBy(x => (Worst(x.Set), x.Index)).Set;
    }

    private static ReportSection Measured(RunContext run, FactoredResult result, FactoredFeatureSet lead, bool trainedProbes)
    {
        var d = result.Dimensions;
        var ks = result.Ks;

        bool probe = lead.Trained.MostOverlapping(ks[0], probe: true) is not null;
        if (lead.Trained.MostOverlapping(ks[0], probe: false) is null)
            return Section(new ReportParagraph(Verdict(lead, result, probe), Lead: true));
        var figure = FactoredFigure.Write(new FactoredCurves(ks, [.. result.FeatureSets.Where(s => !s.Concatenation).Select(s => Point(s, ks))],
            result.FeatureSets.Where(s => s.Concatenation).Select(s => Point(s, ks)).FirstOrDefault(),
            [
                new("Σ m_k", d.SumOfBeliefDimensions),
                new("joint belief at 95%", d.JointBeliefDimension),
                new("Π n_k − 1", d.ProductStateDimension),
            ]), run.Figure("factored"));
        string estimate = probe ? "the probes" : "the activations with the other factors frozen";
        var factors = d.Factors.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"factor {f.Factor} ({f.Process}): {f.States} states, m = {f.BeliefDimension}")).ToList();
        string header = ks.Count > 1 ? $"k = {string.Join(", ", ks)}" : $"k = {ks[0]}";
        string[] columns =
        [
            "Hook point", "Factor R²", "Agreement", .. ks.Select(k => $"Overlap, k = {k}"), $"Random, k = {string.Join(" · ", ks)}",
            .. ks.Select(k => $"Untrained, k = {k}"), "Dim. 95%", "Untrained dim.",
        ];
        var rows = result.FeatureSets.Select(s => (IReadOnlyList<string>)
        [
            s.Features, Joined(s.FactorR2), Joined([.. s.Trained.Factors.Select(f => f.Agreement)]), .. ks.Select(k => Pair(s.Trained, k)),
            string.Join(" · ", ks.Select(k => Overlap(s.Trained.MostOverlapping(k, false)?.Random.Mean ?? double.NaN))),
            .. ks.Select(k => Pair(s.Untrained, k)),
            s.Trained.ActivationDimension.ToString(CultureInfo.InvariantCulture), s.Untrained.ActivationDimension.ToString(CultureInfo.InvariantCulture),
        ]).ToList();

        var first = lead.Trained.MostOverlapping(ks[0], probe)!;
        ReportCard[] cards =
        [
            new("Lead hook point", lead.Features, "hook"),
            new($"Overlap, k = {ks[0]}", Overlap(Value(first, probe))),
            new($"Random subspaces, k = {ks[0]}", $"{Overlap(first.Random.Mean)} ± {Overlap(first.Random.Sd)}", "control"),
            new($"At initialisation, k = {ks[0]}", Overlap(Value(lead.Untrained.MostOverlapping(ks[0], probe), probe)), "control"),
            new("Dimension at 95%", lead.Trained.ActivationDimension.ToString(CultureInfo.InvariantCulture)),
            new("Factors side by side", d.SumOfBeliefDimensions.ToString(CultureInfo.InvariantCulture)),
            new("Joint simplex", d.ProductStateDimension.ToString(CultureInfo.InvariantCulture)),
            new("Factor belief R²", Joined(lead.FactorR2)),
            new("Untrained factor R²", Joined(lead.UntrainedFactorR2), "control"),
        ];

        return Section(
            new ReportParagraph(Verdict(lead, result, probe), Lead: true),
            new ReportCards(cards),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"The process is a product of {d.Factors.Count} factors: {string.Join("; ", factors)}, where m is the dimension of the factor's beliefs at {100 * d.VarianceFraction:0}% of their variance (at most n − 1). Held side by side the factors' beliefs need Σ m_k = {d.SumOfBeliefDimensions} directions; the joint belief lies in a simplex of Π n_k − 1 = {d.ProductStateDimension} dimensions and needs {d.JointBeliefDimension} at {100 * d.VarianceFraction:0}% of its variance{(d.JointBeliefDimension == d.SumOfBeliefDimensions ? ", as many: its products of factor deviations carry little variance, so the dimension alone does not tell the two apart" : "")}.")),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"Each factor's subspace is estimated twice: from its belief probe, as the column space of the probe's activation pattern Σ_xx W (the activations' covariance with the probe's output; the held-out probe of probe.json{(trainedProbes ? "" : ", whose coefficients this run did not export: run 'belief probe' again")}), and from the activations' covariance pooled within groups of prefixes that share their length and every other factor's tokens, so that only this factor varies; each to m_k directions. Agreement is the overlap of the two (1 = the same subspace), one number per factor; an overlap cell reads probe estimate / frozen estimate, for the pair of factors that overlap most. The overlap of two factors' subspaces at k is Σσ²/min(a, b) over the first a = min(k, m) and b directions of each (σ: the cosines of their principal angles): 0 for orthogonal subspaces, against max(a, b)/d for random subspaces of sizes a and b in d dimensions. The untrained columns are the same architecture at initialisation, probed as the trained model was. Dimension: the fewest principal directions holding 95% of the activations' variance, pooled within prefix lengths so that a position code does not count. The verdict reads {estimate} at {lead.Features}, where every factor is read best.")),
            new ReportTable(columns, rows, result.FeatureSets.ToList().IndexOf(lead), "lead"),
            ReportFigure.From(figure, "Factor-subspace overlap and dimension by hook point",
                $"One panel for each of {header}: the largest overlap between two factors' subspaces (log scale) by hook point in forward order and, right of the rule, for the concatenation; circles: from the probes, squares: with the other factors frozen; grey: random subspaces of the same sizes. Last panel: the directions holding 95% of the activations' variance, against the dimensions the beliefs need.") with { Kind = "wide" });
    }

    /// <summary>One sentence: whether the factors' subspaces are held apart at the lead hook point, against random subspaces and initialisation, and the dimension.</summary>
    private static string Verdict(FactoredFeatureSet lead, FactoredResult result, bool probe)
    {
        var d = result.Dimensions;
        var overlaps = result.Ks.Select(k => lead.Trained.MostOverlapping(k, probe)).ToList();
        if (overlaps[0] is not { } first)
            return $"Fewer than two factors have beliefs that vary, so there is no overlap of factor subspaces to measure; the activations at {lead.Features} hold 95% of their variance in {lead.Trained.ActivationDimension} directions.";
        double largest = overlaps.Max(o => Value(o, probe));
        double untrained = result.Ks.Max(k => Value(lead.Untrained.MostOverlapping(k, probe), probe));
        double mine = Value(first, probe), random = first.Random.Mean;
        string finding = largest < OrthogonalBelow
            ? untrained < OrthogonalBelow ? "The factors occupy nearly orthogonal subspaces, but so they do at initialisation" : "The factors occupy nearly orthogonal subspaces"
            : mine < random ? "The factor subspaces overlap, though less than random subspaces of their size"
            : "The factor subspaces overlap as much as random subspaces of their size, or more";
        return string.Create(CultureInfo.InvariantCulture,
            $"{finding}: at {lead.Features} the overlap is {Overlap(mine)} at k = {first.K} against {Overlap(random)} for random subspaces and {Overlap(Value(lead.Untrained.MostOverlapping(first.K, probe), probe))} at initialisation; 95% of the variance lies in {lead.Trained.ActivationDimension} directions, against Σ m_k = {d.SumOfBeliefDimensions} for the factors side by side and Π n_k − 1 = {d.ProductStateDimension} for the joint simplex.");
    }

    private static FactoredPoint Point(FactoredFeatureSet s, IReadOnlyList<int> ks) => new(s.Features,
        [.. ks.Select(k => Value(s.Trained.MostOverlapping(k, true), true))], [.. ks.Select(k => Value(s.Trained.MostOverlapping(k, false), false))],
        [.. ks.Select(k => Value(s.Untrained.MostOverlapping(k, true), true))], [.. ks.Select(k => Value(s.Untrained.MostOverlapping(k, false), false))],
        [.. ks.Select(k => s.Trained.MostOverlapping(k, false)?.Random.Mean ?? double.NaN)], s.Trained.ActivationDimension, s.Untrained.ActivationDimension);

    /// <summary>The largest overlap at k by each estimate, "probe / frozen".</summary>
    private static string Pair(FactoredGeometryResult geometry, int k) =>
        $"{Overlap(Value(geometry.MostOverlapping(k, true), true))} / {Overlap(Value(geometry.MostOverlapping(k, false), false))}";

    private static double Value(FactorPairOverlap? overlap, bool probe) => overlap is null ? double.NaN : probe ? overlap.Probe ?? double.NaN : overlap.Frozen;

    /// <summary>An overlap to three decimals, or in scientific notation below 0.001.</summary>
    private static string Overlap(double value) => value is > 0 and < 1e-3 ? ReportPage.Scientific(value) : ReportPage.Number(value);

    /// <summary>One number per factor, "a · b".</summary>
    private static string Joined(IReadOnlyList<double?> values) => string.Join(" · ", values.Select(v => ReportPage.Number(v ?? double.NaN)));

    private static ReportSection Section(params ReportBlock[] blocks) => new(SectionId, Heading, blocks);
}
