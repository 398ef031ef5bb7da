using System.CommandLine;
using System.Globalization;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Cli.Pipeline.Analyses;
using BeliefGeometry.Cli.Pipeline.Geometry;
using BeliefGeometry.Geometry.Simplices;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// <c>belief geometry &lt;activations|run-dir&gt; [options]</c>: search activations for belief simplices without labels
/// (<see cref="GeometryRun"/>); prints each candidate beside its nulls (and its match to the true beliefs when known) and
/// writes geometry.json, the coordinates and vertices as .npy and a figure per candidate.
/// </summary>
public static class GeometryCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("activations")
        {
            Description = "A [rows, width] array (.npy float16/32/64, C or Fortran order; .npz or .safetensors as FILE:NAME), or a probed run directory",
        };
        var hook = new Option<string?>("--hook") { Description = "Run directory only: the hook point whose activations to search (default: the last block's hook_resid_post)" };
        var length = new Option<int?>("--length") { Description = "Run directory only: search the prefixes of this length only (their factors are independent when the process's are)" };
        var weights = new Option<string?>("--weights") { Description = "A 1-D array of one non-negative weight per row (default: uniform; a run's rows are weighted by P(prefix))" };
        var beliefs = new Option<string?>("--beliefs") { Description = "A [rows, q] array of true beliefs to score what is found against (a run's own are used by default)" };
        var factorColumns = new Option<string?>("--factor-columns") { Description = "Split --beliefs into factors of these many columns, e.g. 3,3,5", HelpName = "n,n,…" };
        var output = new Option<string?>("--out") { Description = "Directory for geometry.json, geometry/ and figures/ (default: the run directory, or geometry-<file name> beside the working directory)" };
        var components = new Option<int>("--max-components") { Description = "Most principal components searched (1–64)", DefaultValueFactory = _ => 24, CustomParser = OptionParsers.Integer("--max-components", 2, 64, "2 to 64", 24) };
        var vertices = new Option<int>("--max-vertices") { Description = "Most vertices of a simplex (3–8)", DefaultValueFactory = _ => 8, CustomParser = OptionParsers.Integer("--max-vertices", 3, 8, "3 to 8", 8) };
        var nulls = new Option<int>("--nulls") { Description = "Draws of each null per candidate (19 gives p = 0.05 at best; 9–999)", DefaultValueFactory = _ => 19, CustomParser = OptionParsers.Integer("--nulls", 9, 999, "9 to 999", 19) };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the samples and the nulls", DefaultValueFactory = _ => 0, CustomParser = OptionParsers.Integer("--seed", 0, int.MaxValue, "0 or more", 0) };
        var command = new Command("geometry", "Search activations for belief simplices without labels, beside null candidates; writes geometry.json")
        {
            input, hook, length, weights, beliefs, factorColumns, output, components, vertices, nulls, seed,
        };
        command.SetAction(parse =>
        {
            var options = new SimplexSearchOptions
            {
                MaxComponents = parse.GetValue(components),
                MaxVertices = parse.GetValue(vertices),
                Nulls = parse.GetValue(nulls),
                Seed = (ulong)parse.GetValue(seed),
            };
            return Execute(parse.GetRequiredValue(input), parse.GetValue(hook), parse.GetValue(length), parse.GetValue(weights), parse.GetValue(beliefs),
                parse.GetValue(factorColumns), parse.GetValue(output), options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    public static int Execute(string input, string? hook, int? length, string? weights, string? beliefs, string? factorColumns, string? output,
        SimplexSearchOptions options, TextWriter stdout, TextWriter stderr)
    {
        bool isRun = Directory.Exists(input);
        if (isRun && (weights ?? beliefs ?? factorColumns) is not null)
            throw new InputException("--weights, --beliefs and --factor-columns are for array files; a run directory uses its own P(prefix) and beliefs");
        if (!isRun && (hook is not null || length is not null))
            throw new InputException($"--{(hook is not null ? "hook" : "length")} is for a run directory, and '{input}' is not a directory");
        if (output is not null) OutputDirectory.Check(output);
        var progress = Progress(stderr);
        GeometryFile result;
        string written;
        if (isRun)
        {
            var run = RunContext.Open(input);
            result = GeometryRun.OnRun(run, hook, length, options, progress);
            written = run.Directory.Path;
        }
        else
        {
            var columns = factorColumns is null ? null : ParseColumns(factorColumns);
            written = output ?? $"geometry-{Path.GetFileNameWithoutExtension(input.Split(':')[0])}";
            result = GeometryRun.OnFiles(new GeometryRun.FileInput(input, weights, beliefs, columns), written, options, progress);
        }
        Print(result, Consoles.Over(stdout));
        stdout.WriteLine($"wrote {Path.Combine(written, GeometryFile.FileName)}, {Path.Combine(written, GeometryFile.Folder)}{Path.DirectorySeparatorChar} and {Path.Combine(written, "figures")}{Path.DirectorySeparatorChar}geometry_*");
        stdout.Flush();
        return ExitCodes.Success;
    }

    private static IReadOnlyList<int> ParseColumns(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 1)
                throw new InputException($"option '--factor-columns' = '{text}': '{part}' is not a positive integer; allowed: sizes such as 3,3,5 adding up to the belief columns");
            result.Add(value);
        }
        return result;
    }

    /// <summary>One plain line per stage (the two passes over the rows, then the search), at most every 2 s.</summary>
    private static Action<int, double> Progress(TextWriter stderr)
    {
        string[] stages = ["", "principal components (pass 1 of 2)", "principal coordinates (pass 2 of 2)", "simplex search"];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int lastStage = 0;
        return (stage, fraction) =>
        {
            if (stage == lastStage && fraction < 1 && clock.Elapsed.TotalSeconds < 2) return;
            clock.Restart();
            lastStage = stage;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"belief geometry: {stages[stage]} {100 * fraction:0}%"));
            stderr.Flush();
        };
    }

    /// <summary>The candidates beside their nulls, then each true factor's match.</summary>
    public static void Print(GeometryFile file, IAnsiConsole console)
    {
        var search = file.Search;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.Source.Rows:N0} rows × {file.Source.Width} ({file.Source.DType}){(file.Source.Hook is { } h ? $" at {h}" : "")}{(file.Source.Length is { } l ? $", prefixes of length {l} only" : "")}: {search.SearchedComponents} principal components above the noise floor, {search.Groups.Length} groups of independent components, {search.Candidates.Count} candidates, {file.Found} found"));
        var table = new Table().Title("Candidate simplices: held-out error (unexplained variance) beside the nulls");
        foreach (var column in new[] { "#", "Vertices", "Variance", "Error", "Random directions", "Shuffled coordinates", "Found" })
            table.AddColumn(column);
        for (int c = 0; c < search.Candidates.Count; c++)
        {
            var candidate = search.Candidates[c];
            table.AddRow(c.ToString(CultureInfo.InvariantCulture), candidate.Vertices.ToString(CultureInfo.InvariantCulture),
                Percent(candidate.VarianceShare), candidate.HeldOutError.ToString("0.0000", CultureInfo.InvariantCulture),
                Null(candidate, NullComparison.RandomDirections), Null(candidate, NullComparison.ShuffledCoordinates), candidate.Found ? "yes" : "no");
        }
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the same search with every independent component shuffled across rows: {search.ShuffledCandidates} candidates, {search.ShuffledFound} found"));
        if (file.Truth is not { } truth) return;
        var matches = new Table().Title("True factors: held-out R² of the affine map from the matched candidate's barycentric coordinates");
        foreach (var column in new[] { "Factor", "Columns", "Candidate", "R²", "Found" }) matches.AddColumn(column);
        foreach (var f in truth.Factors)
            matches.AddRow(Markup.Escape(f.Name), f.Columns.ToString(CultureInfo.InvariantCulture), f.Candidate?.ToString(CultureInfo.InvariantCulture) ?? "—",
                f.R2?.ToString("0.000", CultureInfo.InvariantCulture) ?? "—", f.Found ? "yes" : "no");
        console.Write(matches);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"factors found: {truth.FactorsFound} of {truth.Factors.Count}; mean R² {truth.MeanR2:0.000} (a factor not found counts 0)"));
    }

    private static string Null(SimplexCandidate candidate, string kind) =>
        candidate.Nulls.FirstOrDefault(n => n.Kind == kind) is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"{n.Mean:0.0000} ± {n.Sd:0.0000} (p = {n.PValue:0.00})")
            : "—";

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{100 * share:0.0}%");
}
