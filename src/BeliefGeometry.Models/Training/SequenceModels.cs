using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Models.Training;

/// <summary>Builds the model an experiment names, initialised from a seed.</summary>
public static class SequenceModels
{
    /// <summary>The model of <paramref name="config"/>'s family (<see cref="ModelFamilies"/>), its weights drawn with <paramref name="seed"/>.</summary>
    public static ISequenceModel Create(ModelConfig config, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Family.Create(config.Shape, seed);
    }

    /// <summary>
    /// The experiment's architecture at initialisation (its seed), never trained, in evaluation mode: the
    /// random-initialisation control of the probes and of the far-future test; on the experiment's device.
    /// </summary>
    public static ISequenceModel Untrained(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = Create(config.Model, config.Seed);
        ((TorchSharp.torch.nn.Module)model).eval();
        return TorchDevices.To(model, config.Training.Device);
    }
}
