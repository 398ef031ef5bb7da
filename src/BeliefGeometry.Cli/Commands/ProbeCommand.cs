using System.CommandLine;
using System.Globalization;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Probing;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief probe &lt;run-dir&gt; [--no-activations]</c>: linear probes from every residual-stream hook point (and their
/// concatenation) of a finished run to the belief state and the other targets (<see cref="ProbeRun"/>); prints the
/// table and writes <c>probe.json</c>.
/// </summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run-dir") { Description = "A finished run directory (made by 'belief train')" };
        var noActivations = new Option<bool>("--no-activations") { Description = "Do not export activations/*.npy (the probe results are written either way)" };
        var protocol = new Option<string?>("--protocol")
        {
            Description = "Probe under this protocol only: heldout (probe.json; rows weighted by P(prefix), held-out score) or published " +
                "(probe.published.json; the paper's rows, least squares scored in sample). Default: what the experiment's probe section asks for",
            HelpName = string.Join("|", ProbeProtocols.Names),
        };
        var command = new Command("probe", "Regression metrics for every hook point of a trained run; writes probe.json and activations/*.npy")
        {
            run, noActivations, protocol,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(run), !parse.GetValue(noActivations),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(protocol)));
        return command;
    }

    public static int Execute(string runDirectory, bool exportActivations, TextWriter stdout, TextWriter stderr, string? protocol = null)
    {
        var run = new BeliefGeometry.Models.Training.RunDirectory(runDirectory);
        run.RequireExisting();
        run.RequireProbeWritable();
        var outcomes = ProbeRun.Run(runDirectory, exportActivations, protocol, line => { stderr.WriteLine($"belief probe: {line}"); stderr.Flush(); });
        foreach (var outcome in outcomes)
            Print(outcome, Consoles.Over(stdout));
        stdout.WriteLine($"wrote {string.Join(", ", outcomes.Select(o => o.ResultsPath))}" +
            (exportActivations ? $" and {outcomes[0].Files.ActivationsPath}{Path.DirectorySeparatorChar}*.npy" : ""));
        stdout.Flush();
        return ExitCodes.Success;
    }

    /// <summary>
    /// The belief probes as a table under the protocol's leading score (held out, CV or in sample, named in the title and
    /// the columns), then the baselines, the other targets at the best hook point and R² by prefix length.
    /// </summary>
    public static void Print(ProbeRun.Outcome outcome, IAnsiConsole console)
    {
        var analysis = outcome.Analysis;
        var settings = analysis.Settings;
        var scoring = settings.Scoring;
        string score = ScoringLabel(scoring);
        var belief = analysis.Results.Where(r => r.Target == "belief").ToList();
        string rows = scoring switch
        {
            Scoring.HeldOut => $"held out: {belief.FirstOrDefault()?.TestRows:N0}",
            Scoring.CrossValidation => $"{settings.Folds}-fold CV",
            _ => "scored in sample, on the rows they were fitted to",
        };
        string weights = settings.Rows == RowWeighting.SequenceCount ? ", rows weighted as the published words" : "";
        var table = new Table
        {
            Border = TableBorder.Simple,
            Title = new TableTitle($"Belief-state probes, {settings.Protocol} protocol ({analysis.Prefixes:N0} prefixes{weights}; {rows})"),
        };
        int splits = settings.SplitSeeds;
        var models = belief.Where(r => !r.Baseline).ToList();
        // Each column with its cells; a column nothing fills (no CV, no spread, no nulls) is left out.
        (string Header, Func<ProbeResult, string> Cell)[] columns =
        [
            ("p", r => r.FeatureCount.ToString(CultureInfo.InvariantCulture)),
            ($"{score} R²", r => R2(r.ScoreFor(scoring)?.R2)),
            ($"over {splits} splits", r => Spread(r.HeldOutR2OverSplits)),
            (scoring == Scoring.CrossValidation ? "held-out R²" : "CV R²", r => R2(scoring == Scoring.CrossValidation ? r.HeldOut.R2 : r.CrossValidation?.R2)),
            ("shuffled R²", r => R2(r.ShuffledR2For(scoring))),
            ("random R²", r => R2(belief.FirstOrDefault(n => n.RandomNull && n.FeatureCount == r.FeatureCount)?.ScoreFor(scoring)?.R2)),
            ("untrained R²", r => R2(r.RandomInit?.R2)),
            ($"{score} MSE", r => r.ScoreFor(scoring)?.Mse.ToString("0.00e+00", CultureInfo.InvariantCulture) ?? "—"),
            ("dist R² η", r => R2(r.DistanceR2?.Beliefs)),
            ("dist R² next", r => R2(r.DistanceR2?.NextToken)),
            ("fit", Fit),
        ];
        columns = [.. columns.Where(c => models.Any(r => c.Cell(r) != "—"))];
        // Hook names and cells keep to one line: a wrapped TransformerLens name is hard to read and to copy.
        table.AddColumn(new TableColumn("features").NoWrap());
        foreach (var (header, _) in columns)
            table.AddColumn(new TableColumn(header).RightAligned().NoWrap());
        foreach (var r in models)
            table.AddRow([Markup.Escape(r.Features + (r.Features == analysis.BestBeliefFeatures && scoring == Scoring.HeldOut ? "  (best)" : "")),
                .. columns.Select(c => c.Cell(r))]);
        console.Write(table);
        if (splits > 0)
            console.WriteLine($"over {splits} splits: mean ± sd of the held-out R² on {splits} further seeded splits (same λ).");
        if (belief.Any(r => r.RandomNull))
            console.WriteLine($"random R²: {score} R² of random features as wide, fixed per prefix and fitted the same way (the null).");
        if (belief.Any(r => r.RandomInit is not null))
            console.WriteLine($"untrained R²: {score} R² of the same probe of the same model at initialisation, before training.");
        if (scoring == Scoring.InSample)
            console.WriteLine("In sample: fitted and scored on the same rows. A fit as wide as the rows are few scores high whatever the features; compare with random R².");
        if (models.Any(r => r.DistanceR2 is not null))
            console.WriteLine("dist R²: squared correlation of pairwise distances between predicted beliefs and true beliefs (η) or next-token distributions (next).");

        foreach (var r in models.Where(r => r.HeldOutR2ByTrainFraction is { Count: > 0 }))
            console.WriteLine($"Held-out R² by training fraction, {r.Features}: " + string.Join(", ", r.HeldOutR2ByTrainFraction!.Select(f =>
                string.Create(CultureInfo.InvariantCulture, $"{100 * f.TrainFraction:0}% {Spread(f.R2)}"))));

        var baselines = belief.Where(r => r.Baseline && !r.RandomNull).ToList();
        if (baselines.Count > 0)
            console.WriteLine($"Baselines ({score} R² of the belief from these features alone): " +
                string.Join(", ", baselines.Select(r => $"{r.Features} {R2(r.ScoreFor(scoring)?.R2)}")));
        if (analysis.BestBeliefFeatures is { } best && scoring == Scoring.HeldOut)
        {
            var others = analysis.Results.Where(r => r.Features == best && r.Target != "belief").ToList();
            if (others.Count > 0)
                console.WriteLine($"Other targets from {best} (held-out R²): " + string.Join(", ", others.Select(r => $"{r.Target} {R2(r.HeldOut.R2)}")));
            var lengths = belief.Single(r => r.Features == best).HeldOut.R2PerLength;
            if (lengths is { Count: > 0 })
                console.WriteLine($"Belief R² by prefix length at {best}: " + string.Join(", ", lengths.Select(l => $"{l.Length}: {R2(l.R2)}")));
        }
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Capture {outcome.CaptureTime.TotalSeconds:F2} s, probes {outcome.ProbeTime.TotalSeconds:F2} s."));
    }

    /// <summary>How a score is named wherever it is shown: "held-out", "CV" or "in-sample".</summary>
    public static string ScoringLabel(Scoring scoring) => scoring switch
    {
        Scoring.HeldOut => "held-out",
        Scoring.CrossValidation => "CV",
        _ => "in-sample",
    };

    /// <summary>mean ± sample standard deviation of the finite values, "—" when there are none.</summary>
    private static string Spread(IReadOnlyList<double?>? values) => SplitSpread.MeanAndSd(values) is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.000} ± {s.Sd:0.000}")
        : "—";

    private static string R2(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Fit(ProbeResult r) => r.Penalty is { } lambda
        ? string.Create(CultureInfo.InvariantCulture, $"ridge λ={lambda:0.#e+0}")
        : r.PseudoInverse ? "wls (pinv)" : "wls";
}
