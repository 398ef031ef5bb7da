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
}
