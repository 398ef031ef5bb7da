using System.Runtime.InteropServices;

namespace BeliefGeometry.Cli;

/// <summary>
/// Ties a child <c>belief</c> to the process that started it (a local sweep): with <see cref="Variable"/>=1 the child
/// checks its parent process id every <see cref="Interval"/>; when it changes — the parent ended, even by SIGKILL, and
/// the child was handed to another — a training run stops at a checkpoint as on SIGTERM and any other stage ends at
/// once (exit 130), so no orphan keeps writing into a run that a resumed sweep starts again.
/// </summary>
public static class ParentWatch
{
    /// <summary>The environment variable that turns the watch on.</summary>
    public const string Variable = "BELIEF_EXIT_WITH_PARENT";

    /// <summary>How often the parent is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly Lock Gate = new();
    private static Action? _stop;
    private static bool _gone;

    /// <summary>Starts the watch when <see cref="Variable"/> is 1; otherwise does nothing.</summary>
    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") return;
        new Thread(Watch) { IsBackground = true, Name = "parent watch" }.Start();
    }

    /// <summary>
    /// While the returned registration lives, the parent's end calls <paramref name="stop"/> (a clean stop) instead of
    /// ending the process; when the parent is already gone it is called at once.
    /// </summary>
    public static IDisposable WhileStoppable(Action stop)
    {
        lock (Gate)
        {
            _stop = stop;
            if (_gone) stop();
        }
        return new Registration(stop);
    }

    private static void Watch()
    {
        int parent = GetParentProcessId();
        while (GetParentProcessId() == parent) Thread.Sleep(Interval);
        Action? stop;
        lock (Gate)
        {
            _gone = true;
            stop = _stop;
        }
        if (stop is null) Environment.Exit(ExitCodes.Interrupted);
        else stop();
    }

    private sealed class Registration(Action stop) : IDisposable
    {
        public void Dispose()
        {
            bool exit;
            lock (Gate)
            {
                if (ReferenceEquals(_stop, stop)) _stop = null;
                exit = _gone;
            }
            if (exit) Environment.Exit(ExitCodes.Interrupted);
        }
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();
}
