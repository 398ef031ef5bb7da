using System.CommandLine;
using BeliefGeometry.Cli.Output;
using BeliefGeometry.Processes;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary><c>belief processes</c>: the catalog, with each parameter's default and allowed range.</summary>
public static class ProcessesCommand
{
    public static Command Create()
    {
        var command = new Command("processes", "List the catalog of processes with their parameters, and the other ways to name a process");
        command.SetAction(parse => Execute(Consoles.Over(parse.InvocationConfiguration.Output)));
        return command;
    }

    public static int Execute(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("process")
            .AddColumn("parameters (default, allowed values)")
            .AddColumn("description");
        foreach (var entry in ProcessCatalog.Entries)
            table.AddRow(Name(entry), Parameters(entry), new Text(entry.Description));
        console.Write(table);

        console.MarkupLine("A process is named by [bold]name:key=value,…[/] (omitted parameters take their defaults), e.g. [bold]mess3:x=0.05,a=0.85[/];");
        console.MarkupLine("by a product of processes joined with [bold]*[/] (independent components emitting a joint token), e.g. [bold]mess3*z1r[/];");
        console.MarkupLine("or by the path of a process JSON file (a spec with a [bold]/[/] or ending in [bold].json[/]; a bare name is always a catalog name, so");
        console.MarkupLine("write [bold]./mess3[/] for a file named mess3), with T(x)[[from]][[to]] = P(emit x, go to 'to' | in 'from'):");
        console.WriteLine("""  { "tokens": ["0", "1"], "states": ["A", "B"], "kind": "hmm" | "generalized",""");
        console.WriteLine("""    "matrices": { "0": [[…], […]], "1": [[…], […]] } }""");
        return ExitCodes.Success;
    }

    /// <summary>The name, and its aliases below it: "even_ones / also: even".</summary>
    private static Markup Name(CatalogEntry entry) =>
        new($"[bold]{Markup.Escape(entry.Name)}[/]" + string.Concat(entry.Aliases.Select(a => $"\n[dim]also:[/] [bold]{Markup.Escape(a)}[/]")));

    private static Markup Parameters(CatalogEntry entry)
    {
        if (entry.Parameters.Count == 0) return new Markup("[dim]none[/]");
        var lines = entry.Parameters.Select(p =>
            $"[bold]{Markup.Escape(p.Name)}[/] = {Markup.Escape(p.Default.ToString())}, {Markup.Escape(p.Allowed)}\n" +
            $"  [dim]{Markup.Escape(p.Description)}[/]");
        return new Markup(string.Join("\n", lines));
    }
}
