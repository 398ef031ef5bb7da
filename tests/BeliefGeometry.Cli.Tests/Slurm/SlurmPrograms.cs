using System.Diagnostics;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>The Slurm and MUNGE programs (Debian slurm-wlm and munge), and running them as child processes.</summary>
internal static class SlurmPrograms
{
    /// <summary>Debian puts the daemons in sbin, which is not on an ordinary user's PATH.</summary>
    private static readonly string[] SbinDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    public static bool IsInstalled => new[] { "slurmctld", "slurmd", "sbatch", "munged" }.All(p => Find(p) is not null);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="program"/> on PATH or in an sbin directory; null if absent.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SbinDirectories)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    public static string Require(string program) =>
        Find(program) ?? throw new FileNotFoundException($"{program} is missing: apt-get install slurm-wlm munge");

    /// <summary>
    /// Runs <paramref name="program"/> to its end with <paramref name="environment"/> added to this process's; killed
    /// (and a <see cref="TimeoutException"/>) after two minutes.
    /// </summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, string program, params string[] args)
    {
        var info = new ProcessStartInfo(Find(program) ?? program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var child = Process.Start(info)!;
        child.StandardInput.Close();
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within two minutes");
        }
        return new CliRun(child.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
