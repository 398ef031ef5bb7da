namespace BeliefGeometry.Cli;

/// <summary>Exit codes of <c>belief</c> (docs/design.md section 4).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The run failed for a reason other than the input.</summary>
    public const int Failure = 1;
    /// <summary>Bad input: unknown command or option, bad option value, bad process spec or file.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl-C or SIGTERM after saving what can be resumed (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
