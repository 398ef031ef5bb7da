using BeliefGeometry.Cli.Pipeline.Analyses;
using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The report step: opens a probed run (<see cref="RunContext"/>), runs each analysis of <see cref="RunAnalyses.Default"/>
/// (each writes its own JSON and figures into the run and returns its sections) and writes the self-contained
/// <c>report.html</c> of their sections in order.
/// </summary>
public static class RunReport
{
    /// <summary>Writes report.html for the probed run in <paramref name="runDirectory"/>; returns its path.</summary>
    public static string Write(string runDirectory, IReadOnlyList<IRunAnalysis>? analyses = null)
    {
        var run = RunContext.Open(runDirectory);
        var sections = (analyses ?? RunAnalyses.Default).SelectMany(a => a.Run(run)).ToList();
        var content = new ReportContent
        {
            Title = $"{run.Config.Name}: belief-state geometry in the residual stream",
            Subtitle = $"{run.Config.Process} · run {runDirectory}",
            Sections = sections,
            Footer = $"belief report {runDirectory} · probes: {run.Probe.BeliefProbes.Count} hook points, {run.Probe.Analysis.Prefixes:N0} prefixes, seed {run.Config.Seed}",
        };
        return ReportPage.Write(content, run.Directory.ReportPath);
    }
}
