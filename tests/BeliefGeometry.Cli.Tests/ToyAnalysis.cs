using BeliefGeometry.Cli.Pipeline.Analyses;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// A toy analysis, as a new contributor would write one: it reads the run (prefixes, the best probe), writes
/// <c>toy.json</c> and returns one report section. Registering it is one line (see <see cref="RunReportTests"/>).
/// </summary>
public sealed class ToyAnalysis : IRunAnalysis
{
    public sealed record Result(int Prefixes, string? BestFeatures, double ProbabilitySum);

    public string Name => "toy";

    public IReadOnlyList<ReportSection> Run(RunContext run)
    {
        double total = 0;
        foreach (double p in run.Prefixes.Probabilities) total += p;
        var result = new Result(run.Prefixes.Count, run.Probe.Best?.Features, total);
        run.WriteJson(Name, result);
        return [new ReportSection("toy", "A toy analysis", [new ReportParagraph($"{result.Prefixes} prefixes; best probe at {result.BestFeatures}.")])];
    }
}
