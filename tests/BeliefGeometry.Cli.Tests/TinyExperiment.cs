namespace BeliefGeometry.Cli.Tests;

/// <summary>A one-layer transformer on Mess3 that trains in a few steps: the base of the refusal tests' experiments.</summary>
internal static class TinyExperiment
{
    public const string Json = """
        { "name": "tiny", "process": "mess3",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 },
          "training": { "steps": 4, "batch_size": 8, "eval_every": 2, "checkpoint_every": 2, "threads": 1 } }
        """;
}
