namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// One tiny transformer run of a non-ergodic mixture, golden mean + even (2 tokens, n_ctx 4), whose report has the
/// section on inferring the component in context.
/// </summary>
public sealed class ProbedMixtureRunFixture() : ProbedRunFixture(Mixture)
{
    public const string Process = "0.25@golden_mean+0.75@even";

    public const string Mixture = $$"""
        { "name": "tiny-mixture", "seed": 2, "process": "{{Process}}",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 2, "n_ctx": 4 },
          "training": { "steps": 40, "batch_size": 32, "lr": 1e-2, "eval_every": 20, "checkpoint_every": 20, "threads": 1 },
          "probe": { "folds": 3 } }
        """;
}
