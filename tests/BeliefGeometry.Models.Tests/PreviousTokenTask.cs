using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests;

/// <summary>
/// A task any sequence model can learn in a few dozen steps: uniform random tokens, and the target at position t is
/// the token at t−1 (the model has to carry one step back). Used to check that models actually train.
/// </summary>
internal static class PreviousTokenTask
{
    /// <summary>Trains <paramref name="model"/> with Adam for <paramref name="steps"/> batches of 64; returns the loss of each step.</summary>
    public static double[] Losses(ISequenceModel model, int vocabulary, int contextLength, double lr, int steps, ulong seed)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: lr);
        var generator = new Generator(seed);
        var losses = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var tokens = randint(0, vocabulary, [64, contextLength], dtype: int64, generator: generator);
            var logits = model.call(tokens)[.., 1..];
            var loss = nn.functional.cross_entropy(logits.reshape(-1, vocabulary), tokens[.., ..^1].reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses[s] = loss.item<float>();
        }
        return losses;
    }
}
