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
        var command = new Command("probe", "Regression metrics for every hook point of a trained run; writes probe.json and activations/*.npy")
        {
            run, noActivations,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(run), !parse.GetValue(noActivations),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string runDirectory, bool exportActivations, TextWriter stdout, TextWriter stderr)
    {
        var run = new BeliefGeometry.Models.Training.RunDirectory(runDirectory);
        run.RequireExisting();
        run.RequireProbeWritable();
        var outcome = ProbeRun.Run(runDirectory, exportActivations, line => { stderr.WriteLine($"belief probe: {line}"); stderr.Flush(); });
        Print(outcome, Consoles.Over(stdout));
        stdout.WriteLine($"wrote {outcome.Files.ProbePath}" + (exportActivations ? $" and {outcome.Files.ActivationsPath}{Path.DirectorySeparatorChar}*.npy" : ""));
        stdout.Flush();
        return ExitCodes.Success;
    }

    /// <summary>The belief probes as a table, then the baselines, the other targets at the best hook point and R² by prefix length.</summary>
    public static void Print(ProbeRun.Outcome outcome, IAnsiConsole console)
    {
        var analysis = outcome.Analysis;
        var belief = analysis.Results.Where(r => r.Target == "belief").ToList();
        var table = new Table { Border = TableBorder.Simple, Title = new TableTitle($"Belief-state probes ({analysis.Prefixes:N0} prefixes, held out: {belief.FirstOrDefault()?.TestRows:N0})") };
        table.AddColumn("features");
        int splits = analysis.Settings.SplitSeeds;
        foreach (string c in new[] { "p", "held-out R²", splits > 0 ? $"over {splits} splits" : "", "CV R²", "shuffled R²", "random R²", "MSE", "fit" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in belief.Where(r => !r.Baseline))
            table.AddRow(Markup.Escape(r.Features + (r.Features == analysis.BestBeliefFeatures ? "  (best)" : "")), r.FeatureCount.ToString(CultureInfo.InvariantCulture),
                R2(r.HeldOut.R2), Spread(r.HeldOutR2OverSplits), R2(r.CrossValidation.R2), R2(r.ShuffledHeldOutR2),
                R2(belief.FirstOrDefault(n => n.RandomNull && n.FeatureCount == r.FeatureCount)?.HeldOut.R2),
                r.HeldOut.Mse.ToString("0.00e+00", CultureInfo.InvariantCulture), Fit(r));
        console.Write(table);
        if (splits > 0)
            console.WriteLine($"over {splits} splits: mean ± sd of the held-out R² on {splits} further seeded splits (same λ).");
        if (belief.Any(r => r.RandomNull))
            console.WriteLine("random R²: held-out R² of random features as wide, fixed per prefix and fitted the same way (the null).");

        var baselines = belief.Where(r => r.Baseline && !r.RandomNull).ToList();
        if (baselines.Count > 0)
            console.WriteLine("Baselines (held-out R² of the belief from these features alone): " +
                string.Join(", ", baselines.Select(r => $"{r.Features} {R2(r.HeldOut.R2)}")));
        if (analysis.BestBeliefFeatures is { } best)
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

    /// <summary>mean ± sample standard deviation of the finite values, "—" when there are none.</summary>
    private static string Spread(IReadOnlyList<double?>? values) => SplitSpread.MeanAndSd(values) is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:0.0000} ± {s.Sd:0.0000}")
        : "—";

    private static string R2(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Fit(ProbeResult r) => r.Penalty is { } lambda
        ? string.Create(CultureInfo.InvariantCulture, $"ridge λ={lambda:0.#e+0}")
        : r.PseudoInverse ? "wls (pinv)" : "wls";
}
