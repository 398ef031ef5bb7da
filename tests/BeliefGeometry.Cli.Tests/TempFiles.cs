namespace BeliefGeometry.Cli.Tests;

/// <summary>A private temporary directory for process files, removed on dispose.</summary>
public sealed class TempFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("belief-cli-tests-").FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the directory; returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
