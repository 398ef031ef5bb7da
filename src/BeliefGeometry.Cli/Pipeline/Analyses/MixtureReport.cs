using System.Globalization;
using BeliefGeometry.Probing;
using BeliefGeometry.Reports.Figures;
using BeliefGeometry.Reports.Html;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// In-context inference of a non-ergodic process (docs/design.md section 1.11): which component produced the sequence.
/// From the theory, H[C | X^L] per position (what is left to learn about the component) and the loss floor; from the run,
/// the loss per position against that floor and the held-out R² of the component posterior P(c | past) — a linear readout
/// of the belief that the probes fit beside it (target <c>component_posterior</c>) — pooled and by prefix length.
/// Writes mixture.json and figures/component_posterior_by_length, and the section "Which component: inference in context".
/// Does nothing for an ergodic process.
/// </summary>
public sealed class MixtureReport : IRunAnalysis
{
    private const string Target = "component_posterior";

    public string Name => "mixture";

    /// <summary>
    /// The component-posterior probe of one feature set: held-out R², its nulls (shuffled targets; random features as wide;
    /// the same model untrained), and R² per prefix length.
    /// </summary>
    public sealed record PosteriorProbe(string Features, double? HeldOutR2, double? ShuffledR2, double? RandomFeaturesR2, double? UntrainedR2,
        IReadOnlyList<LengthScore> R2PerLength);

    /// <summary>mixture.json: the components, the theory per position, the loss per position and the component-posterior probes.</summary>
    public sealed record Result(
        IReadOnlyList<string> Components,
        IReadOnlyList<double> Weights,
        IReadOnlyList<double> ComponentUncertaintyBits,
        IReadOnlyList<double>? ValLoss,
        IReadOnlyList<double>? Floor,
        double? LastPositionGap,
        string? Lead,
        IReadOnlyList<PosteriorProbe> Probes);

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        if (run.Process.Components is not { } components) return [];
        int context = run.Config.Model.NCtx;
        int seenLast = run.Config.Data.Bos ? context - 1 : context; // tokens seen at the last position (docs/design.md section 1.8)
        var theory = run.Theory; // to depth n_ctx
        var eval = run.Import is { } imported ? (imported.Validation.ValLoss, imported.Validation.Floor)
            : run.Metrics.Evals.LastOrDefault() is { } last ? ((IReadOnlyList<double>)last.ValLoss, (IReadOnlyList<double>)last.Floor) : default;
        if (eval.Item1?.Count != context || eval.Item2?.Count != context) eval = default; // not one loss and floor per position: not shown
        double? gap = eval.Item1 is { Count: > 0 } loss && eval.Item2 is { } floor ? loss[^1] - floor[^1] : null;
        var targets = run.Probe.Analysis.Results.Where(r => r.Target == Target).ToList();
        var random = targets.Where(r => r.RandomNull).GroupBy(r => r.FeatureCount).ToDictionary(g => g.Key, g => g.First().HeldOut.R2);
        var probes = targets.Where(r => !r.Baseline && !r.RandomNull)
            .Select(r => new PosteriorProbe(r.Features, r.HeldOut.R2, r.ShuffledHeldOutR2, random.GetValueOrDefault(r.FeatureCount), r.RandomInit?.R2,
                r.HeldOut.R2PerLength ?? []))
            .ToList();
        string concatenation = run.Probe.Analysis.Settings.ConcatenationName;
        var lead = probes.FirstOrDefault(p => p.Features == concatenation && p.HeldOutR2 is not null) ?? probes.MaxBy(p => p.HeldOutR2 ?? double.NegativeInfinity);
        run.WriteJson(Name, new Result(components.Names, components.Weights, theory.ComponentUncertaintyBits!, eval.Item1, eval.Item2, gap, lead?.Features, probes));

        var blocks = new List<ReportBlock>
        {
            new ReportParagraph(Verdict(lead, gap, components.Count), Lead: true),
            new ReportCards(
            [
                new("Components", components.Count.ToString(CultureInfo.InvariantCulture)),
                new("H[C] at the start", Bits(theory.ComponentUncertaintyBits![0])),
                new($"H[C | X^{seenLast}] (last position)", Bits(theory.ComponentUncertaintyBits[seenLast])),
                new("Posterior R² (lead)", ReportPage.Number(lead?.HeldOutR2 ?? double.NaN)),
                new("Shuffled targets", ReportPage.Number(lead?.ShuffledR2 ?? double.NaN), "control"),
                new("Random features", ReportPage.Number(lead?.RandomFeaturesR2 ?? double.NaN), "control"),
                new("Untrained model", ReportPage.Number(lead?.UntrainedR2 ?? double.NaN), "control"),
                new("Loss above floor, last position", gap is { } g ? g.ToString("0.0000", CultureInfo.InvariantCulture) + " nats" : "—"),
            ]),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"Each sequence comes from one of {components.Count} ergodic components, chosen at the start: {string.Join(", ", components.Names.Select((c, k) => $"{c} with probability {components.Weights[k]:0.###}"))}. An optimal predictor's belief carries the posterior over components, P(c | past) = η·A (the mass of the belief on each component's block, weighted by τ): it is a linear readout of the belief, so a network that holds the belief linearly holds it too. The loss floor per position falls as the context identifies the component; H[C | X^L] is what is still unknown about it after L tokens.")),
            new ReportTable(["Position", "Tokens seen", "H[C | X^L] (bits)", "Loss floor", "Loss", "Above floor", $"Posterior R² ({lead?.Features ?? "—"})"],
                [.. Enumerable.Range(0, context).Select(t => PositionRow(t, run.Config.Data.Bos, theory, eval.Item1, eval.Item2, lead))]),
        };
        var series = probes.Where(p => p.R2PerLength.Count > 0)
            .OrderByDescending(p => p == lead).ThenByDescending(p => p.HeldOutR2 ?? double.NegativeInfinity).Take(4)
            .Select(p => new LengthSeries(p.Features, [.. p.R2PerLength.Select(s => s.Length)], [.. p.R2PerLength.Select(s => s.R2 ?? double.NaN)]))
            .ToList();
        if (series.Count > 0)
            blocks.Add(ReportFigure.From(LengthScoreFigure.Write(series, run.Figure("component_posterior_by_length"), "Component posterior R² by prefix length"),
                "Component posterior R² by prefix length", "Held-out R² of P(component | past) from the lead feature set and the best hook points, by how many tokens the prefix has."));
        return [new ReportSection("mixture", "Which component: inference in context", blocks)];
    }

    private static IReadOnlyList<string> PositionRow(int t, bool bos, TheoryReport theory, IReadOnlyList<double>? loss, IReadOnlyList<double>? floor, PosteriorProbe? lead)
    {
        int seen = bos ? t : t + 1; // docs/design.md section 1.8: with BOS at position 0, position t has seen t tokens
        double? r2 = lead?.R2PerLength.FirstOrDefault(s => s.Length == seen)?.R2;
        return
        [
            t.ToString(CultureInfo.InvariantCulture), seen.ToString(CultureInfo.InvariantCulture),
            ReportPage.Number(seen < theory.ComponentUncertaintyBits!.Count ? theory.ComponentUncertaintyBits[seen] : double.NaN),
            floor is null ? "—" : ReportPage.Number(floor[t]), loss is null ? "—" : ReportPage.Number(loss[t]),
            loss is null || floor is null ? "—" : (loss[t] - floor[t]).ToString("0.0000", CultureInfo.InvariantCulture),
            ReportPage.Number(r2 ?? double.NaN),
        ];
    }

    private static string Verdict(PosteriorProbe? lead, double? gap, int components)
    {
        string loss = gap is { } g ? string.Create(CultureInfo.InvariantCulture, $" Its loss at the last position is {g:0.0000} nats above the mixture's floor.") : "";
        if (lead?.HeldOutR2 is not { } r2)
            return $"The component posterior over the {components} components was not probed (run 'belief probe' again).{loss}";
        string finding = r2 >= 0.9 ? "The model tracks which component produced the sequence" : "The model holds the component posterior only in part";
        return string.Create(CultureInfo.InvariantCulture,
            $"{finding}: the posterior over the {components} components is read from {lead.Features} with held-out R² {r2:0.000} (held-out protocol){Nulls(lead)}.{loss}");
    }

    /// <summary>", against s with shuffled targets, r for random features as wide and u for the model untrained", with the nulls that were fitted.</summary>
    private static string Nulls(PosteriorProbe probe)
    {
        var parts = new List<string>();
        if (probe.ShuffledR2 is { } s) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s:0.000} with shuffled targets"));
        if (probe.RandomFeaturesR2 is { } r) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{r:0.000} for random features as wide"));
        if (probe.UntrainedR2 is { } u) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{u:0.000} for the same model untrained"));
        return parts.Count == 0 ? "" : ", against " + string.Join(", ", parts);
    }

    private static string Bits(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " bits";
}
