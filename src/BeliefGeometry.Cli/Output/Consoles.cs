using Spectre.Console;

namespace BeliefGeometry.Cli.Output;

/// <summary>Spectre consoles over a given writer, so commands render to whatever stdout the caller passed in.</summary>
public static class Consoles
{
    /// <summary>
    /// A console writing to <paramref name="writer"/>, never interactive. Colours and ANSI codes only when the writer
    /// is the process's stdout and that is a terminal; otherwise (a pipe, a file, a test) plain text laid out
    /// <see cref="FileWidth"/> columns wide unless COLUMNS says otherwise.
    /// </summary>
    public static IAnsiConsole Over(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : FileWidth;
        return console;
    }

    public const int FileWidth = 180;
}
