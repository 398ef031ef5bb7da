namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// One tiny transformer run of a product, Mess3 × golden mean (6 joint tokens, n_ctx 3: 168 prefixes), whose report has
/// the factored structure.
/// </summary>
public sealed class ProbedFactoredRunFixture() : ProbedRunFixture(Factored)
{
    public const string Process = "mess3:x=0.15,a=0.6*golden_mean";

    public const string Factored = $$"""
        { "name": "tiny-factored", "seed": 4, "process": "{{Process}}",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 6, "n_ctx": 3 },
          "training": { "steps": 40, "batch_size": 32, "lr": 1e-2, "eval_every": 20, "checkpoint_every": 20, "threads": 1 },
          "probe": { "folds": 3 } }
        """;
}
