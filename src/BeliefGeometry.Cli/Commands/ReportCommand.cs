using System.CommandLine;
using BeliefGeometry.Cli.Pipeline;

namespace BeliefGeometry.Cli.Commands;

/// <summary><c>belief report &lt;run-dir&gt;</c>: figures (PNG and SVG) and the self-contained report.html of a probed run (<see cref="RunReport"/>).</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run-dir") { Description = "A run directory after 'belief probe'" };
        var command = new Command("report", "Figures and a self-contained report.html for a probed run") { run };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"wrote {RunReport.Write(parse.GetRequiredValue(run))}");
            stdout.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
