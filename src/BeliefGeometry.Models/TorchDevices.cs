using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models;

/// <summary>
/// The device of <c>training.device</c> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>): the trainer, the trained run and the
/// untrained control put their model there, and every tensor made for a model (batches, validation, capture inputs)
/// is made on the model's own device (<see cref="Of"/>). CUDA needs a CUDA libtorch package in place of
/// <c>libtorch-cpu-linux-x64</c> (README, "GPU").
/// </summary>
public static class TorchDevices
{
    /// <summary>The device named <paramref name="name"/>; a CUDA device without CUDA is one line naming the setting.</summary>
    public static Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "cpu") return CPU;
        if (!cuda.is_available())
            throw new InputException($"training.device '{name}': CUDA is not available (this build has the CPU libtorch only; see the README's GPU section); use cpu");
        return device(name);
    }

    /// <summary>Moves <paramref name="model"/> to the device named <paramref name="name"/> (nothing to do for cpu); returns it.</summary>
    public static ISequenceModel To(ISequenceModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        var target = Parse(name);
        if (target.type != DeviceType.CPU) ((nn.Module)model).to(target);
        return model;
    }

    /// <summary>The device of <paramref name="model"/>'s parameters (CPU for a model without any).</summary>
    public static Device Of(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var parameter in model.parameters()) return parameter.device;
        return CPU;
    }
}
