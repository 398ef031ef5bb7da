namespace BeliefGeometry.Models.Tests;

/// <summary>
/// All TorchSharp tests share this collection so xunit never runs them concurrently: libtorch is
/// multi-threaded itself, and parallel test classes would oversubscribe the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";

    /// <summary>Intra-op threads used by the tests; small so other test assemblies keep a core.</summary>
    public const int Threads = 2;
}
