using BeliefGeometry.Probing;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The layout of a run directory, defined once (docs/run-directory.md) and used by training, probing, reporting and
/// comparison. <c>belief train</c> writes <c>config.json</c> (the fully resolved experiment), <c>metrics.jsonl</c>,
/// <c>tensorboard/</c> (unless <c>training.tensorboard</c> is false), <c>checkpoints/latest.ckpt</c> (the last
/// checkpoint) and <c>checkpoints/final.ckpt</c> (when the run completes), and the model for Python users
/// (<see cref="ModelExport"/>); <c>belief import</c> writes <c>config.json</c>, the model and <c>import.json</c> instead;
/// <c>belief probe</c> adds <c>probe.json</c>, <c>probes/</c> and <c>activations/</c>, each later analysis its own
/// <c>&lt;name&gt;.json</c>; <c>belief report</c> adds <c>figures/</c> and <c>report.html</c>.
/// </summary>
public sealed record RunDirectory(string Path)
{
    public const string ConfigFileName = "config.json";
    public const string MetricsFileName = "metrics.jsonl";
    public const string CheckpointsFolder = "checkpoints";
    public const string TensorBoardFolder = "tensorboard";
    public const string ProbeFileName = "probe.json";
    public const string ActivationsFolder = "activations";
    public const string ProbesFolder = ProbeCoefficientFiles.DirectoryName;
    public const string FiguresFolder = "figures";
    public const string ReportFileName = "report.html";
    public const string ImportFileName = "import.json";

    /// <summary>
    /// Throws an <see cref="InputException"/> naming the run when <see cref="Path"/> is empty, missing or a file, so
    /// every command that reads a run says the same thing before it opens anything.
    /// </summary>
    public void RequireExisting()
    {
        if (string.IsNullOrWhiteSpace(Path))
            throw new InputException("run directory: the path is empty; give the directory 'belief train' wrote");
        if (File.Exists(Path))
            throw new InputException($"run directory '{Json.Abbreviation.OfPath(Path)}' is a file; give the directory 'belief train' wrote");
        if (!Directory.Exists(Path))
            throw new InputException($"run directory '{Json.Abbreviation.OfPath(Path)}' does not exist");
    }

    /// <summary>
    /// Throws an <see cref="InputException"/> when one of the <paramref name="folders"/> a command is about to write is
    /// a file, or one of its <paramref name="files"/> is a directory: checked before the work, which would fail at
    /// its end.
    /// </summary>
    public void RequireWritable(IEnumerable<string> folders, IEnumerable<string> files)
    {
        if (folders.FirstOrDefault(File.Exists) is { } folder)
            throw new InputException($"run '{Json.Abbreviation.OfPath(Path)}': '{Json.Abbreviation.OfPath(folder)}' is a file where a folder is written; remove or rename it");
        if (files.FirstOrDefault(Directory.Exists) is { } file)
            throw new InputException($"run '{Json.Abbreviation.OfPath(Path)}': '{Json.Abbreviation.OfPath(file)}' is a directory where a file is written; remove or rename it");
    }

    /// <summary>What <c>belief probe</c> writes: <c>probe.json</c> and <c>activations/</c> (its predictions go there even without the activations).</summary>
    public void RequireProbeWritable() => RequireWritable([ActivationsPath], [ProbePath]);

    /// <summary>What <c>belief report</c> writes: <c>figures/</c> and <c>report.html</c>.</summary>
    public void RequireReportWritable() => RequireWritable([FiguresPath], [ReportPath]);

    public string ConfigPath => Combine(ConfigFileName);
    public string MetricsPath => Combine(MetricsFileName);
    public string CheckpointsPath => Combine(CheckpointsFolder);

    /// <summary><c>tensorboard/</c>: the training and validation losses as TensorBoard event files (<see cref="TensorBoardLog"/>).</summary>
    public string TensorBoardPath => Combine(TensorBoardFolder);

    public string LatestCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "latest.ckpt");
    public string FinalCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "final.ckpt");
    public string WeightsPath => Combine(ModelExport.WeightsFileName);
    public string ModelConfigPath => Combine(ModelExport.ConfigFileName);

    /// <summary><c>import.json</c>: where an imported model came from and how close it is to the loss floor (written by <c>belief import</c> instead of training).</summary>
    public string ImportPath => Combine(ImportFileName);

    /// <summary><c>probe.json</c>: the probe results (written by <c>belief probe</c>).</summary>
    public string ProbePath => Combine(ProbeFileName);

    /// <summary>The results of the probe protocol <paramref name="protocol"/>: <c>probe.json</c> for <c>heldout</c>, <c>probe.&lt;protocol&gt;.json</c> for another.</summary>
    public string ProbePathFor(string protocol) => protocol == ProbeProtocols.HeldOut ? ProbePath : Combine($"probe.{protocol}.json");

    /// <summary><c>probes/</c>: every fitted probe's coefficients and intercept as <c>.npy</c>, with <c>index.json</c> (<see cref="ProbeCoefficientFiles"/>).</summary>
    public string ProbesPath => Combine(ProbesFolder);

    /// <summary><c>activations/</c>: one <c>&lt;hook&gt;.npy</c> per exported hook point, the prefixes' ground truth, the probe's predictions.</summary>
    public string ActivationsPath => Combine(ActivationsFolder);

    /// <summary>The activations of one hook point, float32 [prefixes, width].</summary>
    public string ActivationPath(string hook) => System.IO.Path.Combine(ActivationsPath, hook + ".npy");

    /// <summary>The best belief probe's predictions on the held-out prefixes, float64 [rows, states].</summary>
    public string BeliefPredictionsPath => System.IO.Path.Combine(ActivationsPath, "belief_predictions.npy");

    /// <summary>The prefix index of each row of <see cref="BeliefPredictionsPath"/>, int32 [rows].</summary>
    public string BeliefPredictionRowsPath => System.IO.Path.Combine(ActivationsPath, "belief_prediction_rows.npy");

    /// <summary>The results file of the analysis called <paramref name="name"/>: <c>&lt;name&gt;.json</c> (<c>probe.json</c> for the probe).</summary>
    public string AnalysisPath(string name) => Combine(name + ".json");

    /// <summary><c>figures/</c>: every figure as PNG and SVG.</summary>
    public string FiguresPath => Combine(FiguresFolder);

    /// <summary>A figure's path without extension (the figure writers add <c>.png</c> and <c>.svg</c>).</summary>
    public string FigurePath(string name) => System.IO.Path.Combine(FiguresPath, name);

    public string ReportPath => Combine(ReportFileName);

    /// <summary>Whether the directory exists and holds anything.</summary>
    public bool IsNonEmpty => Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any();

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
