namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// One tiny Mess3 transformer run, trained, probed and reported once for a test class (n_ctx 4: 120 prefixes);
/// <see cref="Copy"/> gives each test its own copy to corrupt or extend. A subclass names another experiment.
/// </summary>
public class ProbedRunFixture : IDisposable
{
    private readonly TempFiles _files = new();

    public const string Experiment = """
        { "name": "tiny-mess3", "seed": 2, "process": "mess3",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 3, "n_ctx": 4 },
          "training": { "steps": 40, "batch_size": 32, "lr": 1e-2, "eval_every": 20, "checkpoint_every": 20, "threads": 1 },
          "probe": { "folds": 3 } }
        """;

    public ProbedRunFixture() : this(Experiment) { }

    protected ProbedRunFixture(string json)
    {
        string experiment = _files.Write("tiny.json", json);
        Run = Path.Combine(_files.Directory, "run");
        var result = CliRun.Of("experiment", experiment, "--out", Run);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
    }

    /// <summary>The finished, probed and reported run (do not change it; <see cref="Copy"/> it).</summary>
    public string Run { get; }

    /// <summary>A copy of <see cref="Run"/> in <paramref name="into"/>; returns its path.</summary>
    public string Copy(string into)
    {
        string target = Path.Combine(into, "run-copy");
        foreach (string file in Directory.GetFiles(Run, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(Run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
