using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>A daemon run in the foreground as a child process; the tail of its output is kept for error messages.</summary>
internal sealed class Daemon : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    public Daemon(string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Name = program;
        var info = new ProcessStartInfo(SlurmPrograms.Require(program))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the daemon wrote to stdout and stderr.</summary>
    public string Tail
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    /// <summary>SIGTERM, then SIGKILL (with its children) if it has not ended within <paramref name="grace"/>.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited) return;
        _ = Kill(_process.Id, SigTerm);
        if (!_process.WaitForExit(grace)) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
