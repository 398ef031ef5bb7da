namespace BeliefGeometry.Cli.Tests;

/// <summary>The outcome of running <c>belief</c> in-process.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BeliefApp.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The contract for bad input: exit code 2 and one line on stderr that contains <paramref name="expected"/> and is
    /// not an unexpected failure. Returns this run for further checks.
    /// </summary>
    public CliRun AssertRefused(string expected)
    {
        Assert.True(ExitCode == 2, $"exit code {ExitCode}; stderr: {Stderr}");
        Assert.Single(StderrLines);
        Assert.Contains(expected, Stderr);
        Assert.DoesNotContain("unexpected", Stderr);
        return this;
    }

    /// <summary>The lines written to stderr (a trailing newline ends the last line, it does not start another).</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
