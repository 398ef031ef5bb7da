namespace BeliefGeometry.Data;

/// <summary>
/// Draws indices 0…K−1 with probabilities proportional to given weights in O(1) per draw (Walker/Vose alias
/// method), from a seeded <see cref="Xoshiro256StarStar"/>: the same seed gives the same draws everywhere.
/// Indices of weight 0 are never drawn.
/// </summary>
public sealed class WeightedSampler
{
    private readonly AliasEntry[] _columns;
    private Xoshiro256StarStar _random;

    public WeightedSampler(ReadOnlySpan<double> weights, ulong seed)
    {
        var labels = new int[weights.Length];
        for (int k = 0; k < labels.Length; k++) labels[k] = k;
        _columns = AliasTable.Build(weights, labels, "weighted sampler");
        Count = weights.Length;
        _random = new Xoshiro256StarStar(seed);
    }

    /// <summary>K, the number of weights (including zero ones).</summary>
    public int Count { get; }

    /// <summary>The generator state, for checkpoints; restore with <see cref="SetRandomState"/>.</summary>
    public ulong[] GetRandomState() => _random.GetState();
    public void SetRandomState(ReadOnlySpan<ulong> state) => _random = Xoshiro256StarStar.FromState(state);

    /// <summary>One index, drawn with probability weightₖ / Σ weights.</summary>
    public int Next() => AliasTable.Draw(_columns, _random.NextUInt64());

    /// <summary>Fills <paramref name="indices"/> with independent draws.</summary>
    public void Fill(Span<int> indices)
    {
        var random = _random;
        ReadOnlySpan<AliasEntry> columns = _columns;
        for (int k = 0; k < indices.Length; k++) indices[k] = AliasTable.Draw(columns, random.NextUInt64());
        _random = random;
    }
}
