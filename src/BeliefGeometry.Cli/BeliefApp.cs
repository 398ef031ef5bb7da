using System.CommandLine;
using BeliefGeometry.Cli.Commands;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli;

/// <summary>
/// The <c>belief</c> program: builds the command tree, parses, runs the chosen command and turns failures
/// into one line on stderr with exit code 2 (bad input) or 1 (failed run), never a stack trace.
/// </summary>
public static class BeliefApp
{
    /// <summary>Set to 1 to print the stack trace of an unexpected failure after its one-line message.</summary>
    public const string DebugVariable = "BELIEF_DEBUG";

    /// <summary>Runs <c>belief</c> with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = CreateRootCommand();
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
                return ReportError(stderr, ExitCodes.BadInput, ParseErrorMessage(parsed));
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (InputException e)
        {
            return ReportError(stderr, ExitCodes.BadInput, e.Message);
        }
        catch (Exception e) when (e is TrainingException or Pipeline.Sweeps.SlurmException)
        {
            return ReportError(stderr, ExitCodes.Failure, e.Message);
        }
        catch (Exception e)
        {
            bool debug = Environment.GetEnvironmentVariable(DebugVariable) == "1";
            int code = ReportError(stderr, ExitCodes.Failure,
                $"unexpected {e.GetType().Name}: {e.Message}" + (debug ? "" : $" (set {DebugVariable}=1 for the stack trace)"));
            if (debug) stderr.WriteLine(e);
            return code;
        }
    }

    public static RootCommand CreateRootCommand() =>
        new("belief: belief-state geometry of hidden Markov processes — exact theory, training, probing and reports")
        {
            ProcessesCommand.Create(),
            TheoryCommand.Create(),
            TrainCommand.Create(),
            ProbeCommand.Create(),
            ReportCommand.Create(),
            ExperimentCommand.Create(),
            ImportCommand.Create(),
            CompareCommand.Create(),
            GeometryCommand.Create(),
            SweepCommand.Create(),
        };

    /// <summary>The first parse error as one line, with a pointer to the help of the command it concerns.</summary>
    private static string ParseErrorMessage(ParseResult parsed)
    {
        // An unrecognized word says more than what is missing because of it ("Required command was not provided").
        var error = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'")))
                    ?? parsed.Errors[0];
        string message = error.Message.TrimEnd('.');
        if (message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1]))
            message = char.ToLowerInvariant(message[0]) + message[1..];
        var command = parsed.CommandResult.Command;
        string path = command is RootCommand ? "belief" : $"belief {command.Name}";
        if (command is RootCommand)
            message += $"; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        return $"{message} (see '{path} --help')";
    }

    private static int ReportError(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"belief: error: {OneLine(message)}");
        stderr.Flush();
        return code;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
