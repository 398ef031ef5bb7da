using BeliefGeometry.Processes;

namespace BeliefGeometry.Data;

/// <summary>
/// Streams sequences from an HMM with a seeded <see cref="Xoshiro256StarStar"/>: the first state is drawn
/// from π, then each step draws (token x, next state j) jointly with probability T⁽ˣ⁾[i, j] from the current
/// state i, by an alias table per state over its V·n outcomes — one random number per token. Each sequence
/// starts afresh from π, so a sequence of length L has the stationary word distribution P(x₁…x_L).
/// The same seed gives the same sequences on every run and platform.
/// </summary>
public sealed class ProcessSampler
{
    private readonly AliasEntry[] _start;
    private readonly AliasEntry[] _columns; // per state, its columns; an outcome is packed as token | next << 16
    private readonly (int Offset, ulong Count)[] _rows;
    private Xoshiro256StarStar _random;

    public ProcessSampler(HiddenMarkovProcess process, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.IsHmm)
            throw new InputException($"process {process.Name}: streaming samples need an HMM (a generalized HMM has no states to walk); use exact data");
        int n = process.StateCount, v = process.TokenCount;
        if (n > ushort.MaxValue || v > ushort.MaxValue)
            throw new InputException($"process {process.Name}: streaming samples support at most {ushort.MaxValue} states and tokens ({n} states, {v} tokens)");
        Process = process;

        var stateLabels = new int[n];
        for (int i = 0; i < n; i++) stateLabels[i] = i;
        var stationary = new double[n];
        for (int i = 0; i < n; i++) stationary[i] = Math.Max(0, process.Stationary[i]); // clip rounding below 0
        _start = AliasTable.Build(stationary, stateLabels, $"process {process.Name}: stationary distribution");

        var weights = new double[v * n];
        var labels = new int[v * n];
        var columns = new List<AliasEntry>();
        _rows = new (int, ulong)[n];
        for (int i = 0; i < n; i++)
        {
            for (int x = 0; x < v; x++)
                for (int j = 0; j < n; j++)
                {
                    weights[x * n + j] = Math.Max(0, process[x, i, j]);
                    labels[x * n + j] = x | (j << 16);
                }
            var row = AliasTable.Build(weights, labels, $"process {process.Name}: state {process.States[i]}");
            _rows[i] = (columns.Count, (ulong)row.Length);
            columns.AddRange(row);
        }
        _columns = columns.ToArray();
        _random = new Xoshiro256StarStar(seed);
    }

    public HiddenMarkovProcess Process { get; }

    /// <summary>The generator state, for checkpoints; restore with <see cref="SetRandomState"/>.</summary>
    public ulong[] GetRandomState() => _random.GetState();
    public void SetRandomState(ReadOnlySpan<ulong> state) => _random = Xoshiro256StarStar.FromState(state);

    /// <summary>Fills <paramref name="tokens"/> with one sequence, started from π.</summary>
    public void Sample(Span<int> tokens)
    {
        var random = _random;
        ReadOnlySpan<AliasEntry> columns = _columns;
        ReadOnlySpan<(int Offset, ulong Count)> rows = _rows;
        int state = AliasTable.Draw(_start, random.NextUInt64());
        for (int t = 0; t < tokens.Length; t++)
        {
            var (offset, count) = rows[state];
            ulong column = Math.BigMul(random.NextUInt64(), count, out ulong fraction);
            var e = columns[offset + (int)column];
            int outcome = fraction < e.Threshold ? e.Own : e.Alias;
            tokens[t] = outcome & 0xFFFF;
            state = outcome >>> 16;
        }
        _random = random;
    }

    /// <summary><paramref name="batch"/> independent sequences of <paramref name="length"/> tokens, row-major in <paramref name="destination"/>.</summary>
    public void SampleBatch(Span<int> destination, int batch, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (destination.Length < (long)batch * length)
            throw new ArgumentException($"a batch of {batch} sequences of {length} tokens needs {(long)batch * length} entries", nameof(destination));
        for (int b = 0; b < batch; b++) Sample(destination.Slice(b * length, length));
    }

    /// <inheritdoc cref="SampleBatch(Span{int}, int, int)"/>
    public void SampleBatch(int[] destination, int batch, int length) => SampleBatch(destination.AsSpan(), batch, length);
}
