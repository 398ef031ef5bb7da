using System.Diagnostics;

namespace BeliefGeometry.Cli.Tests;

/// <summary><c>belief</c> as a real child process: the program built beside the tests, run by the same dotnet host.</summary>
internal static class BeliefChild
{
    /// <summary>The dotnet host running the tests (or <c>dotnet</c> on PATH).</summary>
    public static string Host => Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>The built <c>belief.dll</c>.</summary>
    public static string Program => Path.Combine(AppContext.BaseDirectory, "belief.dll");

    /// <summary>Starts <c>belief <paramref name="args"/></c> with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Program);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>The lines of <paramref name="path"/> (0 when it does not exist yet) that contain <paramref name="text"/>, read while another process may be writing it.</summary>
    public static int CountLines(string path, string text = "")
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        int count = 0;
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal)) count++;
        return count;
    }
}
