namespace BeliefGeometry.Cli.Pipeline.Sweeps;

/// <summary>
/// How to start this same <c>belief</c> as another process (a sweep's points, a Slurm task): the apphost when this
/// process is one, otherwise the dotnet host running <c>belief.dll</c>, both as absolute paths.
/// </summary>
public static class BeliefProgram
{
    /// <summary>The program to run and the arguments that come before <c>belief</c>'s own.</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Command()
    {
        string dll = typeof(BeliefApp).Assembly.Location;
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "belief")
            return (self, []);
        string host = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (host, [dll]);
    }

    /// <summary>The whole command line of <c>belief <paramref name="arguments"/></c>, quoted for a POSIX shell.</summary>
    public static string ShellLine(IEnumerable<string> arguments)
    {
        var (file, prefix) = Command();
        return string.Join(' ', new[] { file }.Concat(prefix).Concat(arguments).Select(Quote));
    }

    /// <summary>A word for a POSIX shell: bare when it is plainly safe, otherwise in single quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ',' or ':' or '+')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
