namespace BeliefGeometry.Models.Training;

/// <summary>
/// The files of a training run (docs/design.md section 4): <c>config.json</c> (the fully resolved experiment),
/// <c>metrics.jsonl</c>, and <c>checkpoints/latest.ckpt</c> (the last checkpoint) and <c>checkpoints/final.ckpt</c>
/// (written when the run completes), with the model for Python users beside them (<see cref="ModelExport"/>).
/// </summary>
public sealed record RunDirectory(string Path)
{
    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");
    public string MetricsPath => System.IO.Path.Combine(Path, "metrics.jsonl");
    public string CheckpointsPath => System.IO.Path.Combine(Path, "checkpoints");
    public string LatestCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "latest.ckpt");
    public string FinalCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "final.ckpt");
    public string WeightsPath => System.IO.Path.Combine(Path, ModelExport.WeightsFileName);
    public string ModelConfigPath => System.IO.Path.Combine(Path, ModelExport.ConfigFileName);

    /// <summary>Whether the directory exists and holds anything.</summary>
    public bool IsNonEmpty => Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any();
}
