using System.Globalization;
using BeliefGeometry.Json;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BeliefGeometry.Cli.Output;

/// <summary>The readable form of a <see cref="TheoryReport"/>: header, per-depth table, summary and notes.</summary>
public static class TheoryView
{
    private const string Missing = "—";

    /// <summary>Longest process name or description printed whole, and most names listed in the header.</summary>
    private const int MaxText = 200, MaxNames = 32;

    /// <summary>Builds every part first and writes them in one go, so a failure leaves stdout empty.</summary>
    public static void Render(IAnsiConsole console, HiddenMarkovProcess process, TheoryReport report)
    {
        var parts = new List<IRenderable>
        {
            Header(process, report),
            Text.Empty,
            DepthTable(report),
            new Markup("[dim]Entropies in bits. Loss floors in nats at position t = L of a model's context: without BOS it has seen " +
                       "t+1 tokens (floor h(t+2)·ln 2), with BOS at position 0 it has seen t (floor h(t+1)·ln 2).[/]"),
            Text.Empty,
            Summary(report),
        };
        if (report.Notes.Count > 0)
        {
            parts.Add(Text.Empty);
            parts.AddRange(report.Notes.Select(note => new Markup($"[yellow]note:[/] {Markup.Escape(note)}")));
        }
        console.Write(new Rows(parts));
    }

    private static Grid Header(HiddenMarkovProcess process, TheoryReport report)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        string description = process.Description.Length > 0 ? $"  [dim]({Markup.Escape(Abbreviation.Of(process.Description, MaxText))})[/]" : "";
        grid.AddRow(new Markup("[bold]process[/]"), new Markup($"[bold]{Markup.Escape(Abbreviation.Of(report.Process, MaxText))}[/]{description}"));
        grid.AddRow(new Markup("[bold]kind[/]"), new Text(report.IsHmm ? "hidden Markov model" : "generalized hidden Markov model"));
        grid.AddRow(new Markup("[bold]tokens[/]"), new Text($"{report.Tokens.Count}: {FirstNames(report.Tokens, " ")}"));
        grid.AddRow(new Markup("[bold]states[/]"), new Text($"{report.States.Count}: {FirstNames(report.States, " ")}"));
        var pi = report.States.Select((s, i) => $"{s} {Number(report.Stationary[i])}").ToList();
        grid.AddRow(new Markup("[bold]π[/]"), new Text(FirstNames(pi, "  ")));
        if (report.InitialState is { } initial)
            grid.AddRow(new Markup("[bold]η₀[/]"), new Text(FirstNames(report.States.Select((s, i) => $"{s} {Number(initial[i])}").ToList(), "  ") + "  (initial state)"));
        if (report.Components is { } components)
            grid.AddRow(new Markup("[bold]components[/]"), new Text(FirstNames(
                components.Select((c, k) => $"{Number(report.ComponentWeights![k])} × {c} (h_μ {Number(report.ComponentEntropyRateBits![k])})").ToList(), "  ")
                + "  (non-ergodic: one component per sequence)"));
        grid.AddRow(new Markup("[bold]depth[/]"), new Text(string.Create(CultureInfo.InvariantCulture,
            $"L = 0…{report.Depth}, beliefs merged within {report.Tolerance:0.###e0}")));
        return grid;
    }

    private static Table DepthTable(TheoryReport report)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("L").RightAligned())
            .AddColumn(new TableColumn("H(L)").RightAligned())
            .AddColumn(new TableColumn("h(L)").RightAligned())
            .AddColumn(new TableColumn("beliefs").RightAligned())
            .AddColumn(new TableColumn("next\ntoken\ndists").RightAligned())
            .AddColumn(new TableColumn(new Text("H[S|X^L]")).RightAligned());
        if (report.ComponentUncertaintyBits is not null)
            table.AddColumn(new TableColumn(new Text("H[C|X^L]")).RightAligned());
        table
            .AddColumn(new TableColumn("loss floor\nno BOS").RightAligned())
            .AddColumn(new TableColumn("loss floor\nBOS").RightAligned());
        for (int l = 0; l <= report.Depth; l++)
        {
            var cells = new List<string>
            {
                l.ToString(CultureInfo.InvariantCulture),
                Number(At(report.BlockEntropyBits, l)),
                l == 0 ? Missing : Number(At(report.MyopicEntropyBits, l - 1)),
                Count(At(report.UniqueBeliefsAtDepth, l)),
                Count(At(report.UniqueNextTokenDistributionsAtDepth, l)),
                report.SynchronizationBits is { } sync ? Number(At(sync, l)) : Missing,
            };
            if (report.ComponentUncertaintyBits is { } components) cells.Add(Number(At(components, l)));
            cells.Add(Number(At(report.LossFloorNats, l)));
            cells.Add(Number(At(report.LossFloorNatsBos, l)));
            table.AddRow(cells.ToArray());
        }
        foreach (var column in table.Columns) column.Padding(1, 0, 0, 0); // fits depth 14 in 80 columns
        return table;
    }

    private static Grid Summary(TheoryReport report)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow(new Markup("[bold]h_μ[/]"), new Text($"{Number(report.EntropyRateBits)} bits/token"),
            report.Components is not null
                ? report.EntropyRateExact ? Exact("Σ_c β_c h_μ(c) over the components") : Approximate("Σ_c β_c h_μ(c), some h_μ(c) approximate")
            : report.EntropyRateExact ? Exact("from the ε-machine")
            : Approximate($"h({report.Depth + 1}), an upper bound"));
        grid.AddRow(new Markup("[bold]E[/]"), new Text($"{Number(report.ExcessEntropyBits)} bits"), report.ExcessEntropyExact
            ? Exact($"sum converged by L = {report.ExcessEntropyDepth}")
            : Approximate(report.EntropyRateExact
                ? string.Create(CultureInfo.InvariantCulture,
                    $"summed to L = {report.ExcessEntropyDepth}, last term {report.ExcessEntropyLastTermBits:G3} bits")
                : $"truncated at L = {report.ExcessEntropyDepth}, a lower bound"));
        grid.AddRow(new Markup("[bold]C_μ[/]"), report.StatisticalComplexityBits is { } complexity
                ? new Text($"{Number(complexity)} bits")
                : new Text("—"),
            report.StatisticalComplexityBits is null
                ? new Markup(report.Components is null
                    ? "[yellow]not reported[/] [dim](no finite ε-machine found: treated as infinite)[/]"
                    : "[yellow]not reported[/] [dim](non-ergodic: no single recurrent set of causal states)[/]")
                : Exact($"{report.CausalStates} causal states"));
        grid.AddRow(new Markup("[bold]beliefs[/]"), new Text(Count(report.TotalUniqueBeliefs)),
            new Markup($"[dim]distinct over L = 0…{report.Depth}[/]"));
        grid.AddRow(new Markup("[bold]next-token dists[/]"), new Text(Count(report.TotalUniqueNextTokenDistributions)),
            new Markup($"[dim]distinct over L = 0…{report.Depth}[/]"));
        grid.AddRow(new Markup("[bold]beyond next token[/]"),
            new Text(report.FarFutureFraction is { } r ? $"r = {Number(r)}" : Missing),
            new Markup($"[dim]of belief variance unseen by the next token, L = 1…{report.Depth}; next-token rank {report.NextTokenRank} of {report.States.Count}[/]"));
        grid.AddRow(new Markup("[bold]belief dimensions[/]"),
            new Text(report.BeliefDimensionsAt is { } dims ? string.Join(" / ", dims) : Missing),
            new Markup($"[dim]principal directions holding {string.Join(" / ", BeliefDimensions.Fractions.Select(f => string.Create(CultureInfo.InvariantCulture, $"{100 * f:0}%")))} of belief variance[/]"));
        return grid;
    }

    /// <summary>The first <see cref="MaxNames"/> items joined, then how many there are in all.</summary>
    private static string FirstNames(IReadOnlyList<string> items, string separator) =>
        items.Count <= MaxNames
            ? string.Join(separator, items)
            : string.Join(separator, items.Take(MaxNames)) + $"{separator}… ({items.Count:N0} in all; --json lists them)";

    private static Markup Exact(string why) => new($"[green]exact[/] [dim]({Markup.Escape(why)})[/]");
    private static Markup Approximate(string why) => new($"[yellow]approximate[/] [dim]({Markup.Escape(why)})[/]");

    private static T? At<T>(IReadOnlyList<T> values, int index) where T : struct =>
        index < values.Count ? values[index] : null;

    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F6", CultureInfo.InvariantCulture) : Missing;

    private static string Count(int? value) =>
        value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : Missing;
}
