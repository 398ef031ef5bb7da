using BeliefGeometry.Data;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Probing.FarFuture;

/// <summary>
/// The targets of the far-future test, one row per prefix: the belief η_i and, for each shuffle s, the shuffled belief
/// η'_s(i) = P_col η_i + P_null η_{d_s(i)}, which keeps the part of η_i the next token sees (in col(E)) and takes the
/// part it does not see (in null(Eᵀ), <see cref="NextTokenSubspace.Beyond"/>) from the donor d_s(i)
/// (<see cref="SystematicResampling"/>). This equals η̄ + δ_col(i) + δ_null(d_s(i)) with δ = η − η̄ for any centre η̄,
/// since P_col + P_null = I. A batch of shuffles is read side by side after the beliefs as the Gram kernel reads
/// targets (<see cref="Batch"/>), so one pass gives the statistics of the beliefs and of every shuffle in the batch.
/// </summary>
public sealed class ShuffledBeliefs
{
    private readonly PrefixSet _prefixes;
    private readonly double[] _seen, _beyond; // P_col η and P_null η, Rows × States
    private readonly int[] _donors;           // Rows × Shuffles: the donor of row i in shuffle s at [i·Shuffles + s]

    public ShuffledBeliefs(PrefixSet prefixes, NextTokenSubspace subspace, IReadOnlyList<int[]> donors)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(subspace);
        ArgumentNullException.ThrowIfNull(donors);
        int n = Rows = prefixes.Count, states = States = prefixes.StateCount;
        if (subspace.StateCount != states) throw new ArgumentException($"the subspace is of {subspace.StateCount} states, the beliefs of {states}", nameof(subspace));
        Shuffles = donors.Count;
        _prefixes = prefixes;
        _seen = new double[n * states];
        _beyond = new double[n * states];
        for (int i = 0; i < n; i++)
        {
            var beyond = _beyond.AsSpan(i * states, states);
            subspace.Beyond(prefixes.Belief(i), beyond);
            for (int t = 0; t < states; t++) _seen[i * states + t] = prefixes.Belief(i)[t] - beyond[t];
        }
        _donors = new int[n * Shuffles];
        for (int s = 0; s < Shuffles; s++)
        {
            if (donors[s].Length != n) throw new ArgumentException($"shuffle {s} has {donors[s].Length} donors for {n} rows", nameof(donors));
            for (int i = 0; i < n; i++)
                _donors[i * Shuffles + s] = (uint)donors[s][i] < (uint)n ? donors[s][i] : throw new ArgumentOutOfRangeException(nameof(donors), $"donor {donors[s][i]} is not a row");
        }
    }

    public int Rows { get; }
    public int States { get; }
    public int Shuffles { get; }

    /// <summary>The beliefs' columns in a <see cref="Batch"/>.</summary>
    public ColumnRange Beliefs => new(0, States);

    /// <summary>Where the k-th shuffle of a <see cref="Batch"/> is among its columns.</summary>
    public ColumnRange InBatch(int k) => new(States * (1 + k), States);

    /// <summary>The shuffled beliefs of shuffle <paramref name="s"/>, materialised.</summary>
    public TargetMatrix Shuffled(int s)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(s, Shuffles);
        var values = new double[Rows * States];
        for (int i = 0; i < Rows; i++) Shuffled(i, s, values.AsSpan(i * States, States));
        return new TargetMatrix($"belief_shuffle_{s}", values, States);
    }

    private void Shuffled(int row, int s, Span<double> destination)
    {
        int donor = _donors[row * Shuffles + s];
        for (int t = 0; t < States; t++) destination[t] = _seen[row * States + t] + _beyond[donor * States + t];
    }

    /// <summary>Rows [η_i | η'_first(i) | … | η'_{first+count−1}(i)], States · (1 + count) wide.</summary>
    internal ITargetRows Batch(int first, int count)
    {
        if (first < 0 || count < 0 || first + count > Shuffles) throw new ArgumentOutOfRangeException(nameof(count), $"shuffles [{first}, {first + count}) of {Shuffles}");
        return new BatchRows(this, first, count);
    }

    private sealed class BatchRows(ShuffledBeliefs owner, int first, int count) : ITargetRows
    {
        public int Rows => owner.Rows;
        public int Columns => owner.States * (1 + count);

        public void CopyRow(int row, Span<double> destination)
        {
            owner._prefixes.Belief(row).CopyTo(destination);
            for (int k = 0; k < count; k++) owner.Shuffled(row, first + k, destination.Slice(owner.States * (1 + k), owner.States));
        }

        public void Prefetch(int row) { } // a row's donors are scattered; the arrays are small enough to stay in cache
    }
}
