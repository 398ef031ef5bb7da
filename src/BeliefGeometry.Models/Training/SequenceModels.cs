using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Training;

/// <summary>Builds the model an experiment names, initialised from a seed.</summary>
public static class SequenceModels
{
    /// <summary>A <see cref="HookedTransformer"/> or <see cref="HookedRecurrent"/> for <paramref name="config"/>, its weights drawn with <paramref name="seed"/>.</summary>
    public static ISequenceModel Create(ModelConfig config, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Transformer is { } t ? new HookedTransformer(t, seed) : new HookedRecurrent(config.Recurrent!, seed);
    }
}
