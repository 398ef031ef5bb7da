using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Models.Training;

/// <summary>A finished training run read back from its directory: the resolved experiment and the trained model.</summary>
public sealed class TrainedRun : IDisposable
{
    private TrainedRun(RunDirectory directory, ExperimentConfig config, ISequenceModel model)
    {
        Directory = directory;
        Config = config;
        Model = model;
    }

    public RunDirectory Directory { get; }
    public ExperimentConfig Config { get; }
    public ISequenceModel Model { get; }

    /// <summary>
    /// Reads <c>config.json</c> and the exported weights of the run in <paramref name="path"/>; throws
    /// <see cref="InputException"/> when it is not a run directory or the run has not finished.
    /// </summary>
    public static TrainedRun Load(string path)
    {
        var directory = new RunDirectory(path);
        if (!System.IO.Directory.Exists(path))
            throw new InputException($"run directory '{path}' does not exist");
        if (!File.Exists(directory.ConfigPath))
            throw new InputException($"'{path}' is not a run directory: it has no config.json (make one with 'belief train')");
        if (!File.Exists(directory.WeightsPath))
            throw new InputException($"run '{path}' has not finished training: no {ModelExport.WeightsFileName}; continue it with 'belief train <experiment> --out {path} --resume'");
        var config = ExperimentFile.Load(directory.ConfigPath);
        TorchRuntime.Initialize(config.Training.Threads ?? Environment.ProcessorCount);
        var model = SequenceModels.Create(config.Model, config.Seed);
        try
        {
            ModelExport.LoadWeights(model, path);
            ((TorchSharp.torch.nn.Module)model).eval();
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return new TrainedRun(directory, config, model);
    }

    public void Dispose() => Model.Dispose();
}
