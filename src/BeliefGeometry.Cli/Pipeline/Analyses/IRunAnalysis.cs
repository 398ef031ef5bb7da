using BeliefGeometry.Reports.Html;

namespace BeliefGeometry.Cli.Pipeline.Analyses;

/// <summary>
/// One step of a run's analysis after probing (docs/design.md section 2). It reads what it needs from the run
/// (<see cref="RunContext"/>: the config, the process and its prefixes, probe.json, metrics, activations), writes its
/// own results (<c>&lt;Name&gt;.json</c> via <see cref="RunContext.WriteJson"/>) and figures (<see cref="RunContext.Figure"/>),
/// and returns its sections of report.html. A new analysis is one type and one line in <see cref="RunAnalyses.Default"/>.
/// </summary>
public interface IRunAnalysis
{
    /// <summary>Short lower-case name; its results file is <c>&lt;Name&gt;.json</c> in the run directory.</summary>
    string Name { get; }

    /// <summary>Computes, writes its JSON and figures, and returns its report sections in reading order.</summary>
    IReadOnlyList<ReportSection> Run(RunContext run);
}
