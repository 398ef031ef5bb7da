namespace BeliefGeometry.Cli.Tests;

/// <summary>One tiny RRXOR transformer run (n_ctx 6: 110 prefixes), whose beliefs carry more than the next token.</summary>
public sealed class ProbedRrxorRunFixture() : ProbedRunFixture(Rrxor)
{
    public const string Rrxor = """
        { "name": "tiny-rrxor", "seed": 3, "process": "rrxor",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 2, "n_ctx": 6 },
          "training": { "steps": 40, "batch_size": 32, "lr": 1e-2, "eval_every": 20, "checkpoint_every": 20, "threads": 1 },
          "probe": { "folds": 3 } }
        """;
}
