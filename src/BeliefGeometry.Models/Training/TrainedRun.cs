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
    /// <see cref="InputException"/> when it is not a run directory, the run has not finished, or the weights are not a
    /// whole safetensors file of the shapes config.json describes.
    /// </summary>
    public static TrainedRun Load(string path)
    {
        var directory = new RunDirectory(path);
        directory.RequireExisting();
        if (!File.Exists(directory.ConfigPath))
            throw new InputException($"'{path}' is not a run directory: it has no {RunDirectory.ConfigFileName} (make one with 'belief train')");
        if (!File.Exists(directory.WeightsPath))
            throw new InputException($"run '{path}' has not finished training: no {ModelExport.WeightsFileName}; continue it with 'belief train <experiment> --out {path} --resume'");
        var config = ExperimentFile.Load(directory.ConfigPath);
        TorchRuntime.Initialize(config.Training.Threads ?? Environment.ProcessorCount);
        var model = SequenceModels.Create(config.Model, config.Seed);
        try
        {
            var module = (TorchSharp.torch.nn.Module)model;
            // Checked before libtorch reads it: a truncated or garbage file, or weights of another shape, is one line.
            SafetensorsCheck.Check(directory.WeightsPath,
                module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape), directory.ConfigPath);
            try
            {
                ModelExport.LoadWeights(model, path);
            }
            catch (Exception e) when (e is not InputException)
            {
                throw new InputException($"'{directory.WeightsPath}' cannot be loaded into the model of '{directory.ConfigPath}': {e.Message.Split('\n', 2)[0].Trim()}");
            }
            module.eval();
            TorchDevices.To(model, config.Training.Device);
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
