using System.CommandLine;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief theory &lt;process&gt; [--depth L] [--json] [--tolerance t]</c>: what an optimal predictor of the
/// process must track, to depth L (<see cref="ProcessTheory.Compute"/>), as one JSON object or as tables.
/// </summary>
public static class TheoryCommand
{
    public const int DefaultDepth = 10;
    public const double DefaultTolerance = 1e-9;

    /// <summary>Largest <c>--depth</c>: the tables print one row per depth, the JSON one entry per depth in each list.</summary>
    public const int MaxDepth = 1000;

    /// <summary>What <c>--depth</c> allows, as every message about it says.</summary>
    private static readonly string DepthRange = $"1 to {MaxDepth:N0} (an integer ≥ 1; one table row per depth)";

    public static Command Create()
    {
        var process = new Argument<string>("process")
        {
            Description = "A catalog spec (mess3:x=0.05,a=0.85), a product (mess3*z1r) or a path to a process JSON file (with a '/' or ending in .json: ./p.json); see 'belief processes'",
        };
        var depth = new Option<int>("--depth")
        {
            Description = $"Largest word length L (1 to {MaxDepth:N0}): H(0…L), h(1…L), beliefs per depth, loss floors for L positions",
            HelpName = "L",
            DefaultValueFactory = _ => DefaultDepth,
            CustomParser = OptionParsers.Integer("--depth", min: 1, max: MaxDepth, DepthRange, fallback: DefaultDepth),
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object (snake_case fields, NaN/∞ as null) on stdout instead of tables",
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = $"Beliefs and next-token distributions closer than this are merged ({ProcessTheory.ToleranceRange})",
            HelpName = "t",
            DefaultValueFactory = _ => DefaultTolerance,
            CustomParser = OptionParsers.Number("--tolerance", ProcessTheory.AllowsTolerance, $"{ProcessTheory.ToleranceRange} (a number > 0, e.g. 1e-9)", fallback: DefaultTolerance),
        };
        var command = new Command("theory", "Exact theory of a process: stationary distribution, H(L), h(L), h_μ, E, C_μ, belief counts per depth, loss floors")
        {
            process, depth, json, tolerance,
        };
        command.SetAction(parse => Execute(
            parse.GetRequiredValue(process), parse.GetValue(depth), parse.GetValue(tolerance), parse.GetValue(json),
            parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Resolves the process, computes its theory, prints it; nothing reaches stdout unless all of it succeeded.</summary>
    public static int Execute(string spec, int depth, double tolerance, bool json, TextWriter stdout)
    {
        if (depth > MaxDepth)
            throw new InputException($"option '--depth' = {depth} is out of range; allowed: {DepthRange}");
        if (!ProcessTheory.AllowsTolerance(tolerance))
            throw new InputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"option '--tolerance' = {tolerance} is out of range; allowed: {ProcessTheory.ToleranceRange}"));
        var process = ProcessCatalog.Resolve(spec);
        TheoryReport report;
        try { report = ProcessTheory.Compute(process, new TheoryOptions(Depth: depth, Tolerance: tolerance)); }
        catch (DepthLimitException e) { throw new InputException($"option '--depth' = {depth}: {e.Reason}"); }
        if (json)
        {
            stdout.Write(CliJson.Serialize(report) + Environment.NewLine);
            stdout.Flush();
        }
        else
        {
            TheoryView.Render(Consoles.Over(stdout), process, report);
        }
        return ExitCodes.Success;
    }
}
