using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// One optimizer step on a batch: logits for the inputs, cross-entropy in nats averaged over batch and positions,
/// backward, optional gradient-norm clipping, then the optimizer's update. The loss of a non-finite step is returned
/// before any update, so the caller can stop with the weights untouched.
/// </summary>
public sealed class TrainingStep(ISequenceModel model, OptimizerHelper optimizer, int batch, int contextLength, int vocabulary,
    double? gradClip, Device device)
{
    private readonly List<Parameter> _parameters = model.parameters().ToList();

    /// <summary>Runs the step on <paramref name="inputs"/> and <paramref name="targets"/> (batch × n_ctx token ids each); returns the batch loss.</summary>
    public double Run(int[] inputs, int[] targets)
    {
        using var scope = NewDisposeScope();
        var x = tensor(inputs, [batch, contextLength], device: device).to(ScalarType.Int64);
        var y = tensor(targets, [batch * contextLength], device: device).to(ScalarType.Int64);
        optimizer.zero_grad();
        var logits = model.call(x);
        var loss = nn.functional.cross_entropy(logits.reshape(batch * contextLength, vocabulary), y);
        double value = loss.to(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value)) return value;
        loss.backward();
        if (gradClip is { } clip)
            nn.utils.clip_grad_norm_(_parameters, clip);
        optimizer.step();
        return value;
    }
}
