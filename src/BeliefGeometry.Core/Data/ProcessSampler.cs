using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Data;

/// <summary>
/// Streams sequences from a process with a seeded <see cref="Xoshiro256StarStar"/>, each started afresh from the
/// initial state η₀ (π unless given), so a sequence of length L has the word distribution P(x₁…x_L) of the process.
/// An HMM walks its states: the first state is drawn from η₀, then each step draws (token x, next state j) jointly
/// with probability T⁽ˣ⁾[i, j] from the current state i, by an alias table per state over its V·n outcomes — one
/// random number per token. A generalized HMM has no states to walk; it carries the belief instead: draw x from
/// P(x | η) = η T⁽ˣ⁾τ, then η ← η T⁽ˣ⁾ / (η T⁽ˣ⁾τ) (docs/design.md section 1.5). The same seed gives the same
/// sequences on every run and platform.
/// </summary>
public sealed class ProcessSampler
{
    private readonly AliasEntry[] _start;
    private readonly AliasEntry[] _columns; // per state, its columns; an outcome is packed as token | next << 16
    private readonly (int Offset, ulong Count)[] _rows;
    private Xoshiro256StarStar _random;
    private readonly double[]? _belief;       // a GHMM's belief and its update buffer, 2n
    private readonly double[]? _distribution; // P(· | η), V

    public ProcessSampler(HiddenMarkovProcess process, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(process);
        int n = process.StateCount, v = process.TokenCount;
        Process = process;
        _random = new Xoshiro256StarStar(seed);
        if (!process.IsHmm)
        {
            _belief = new double[2 * n];
            _distribution = new double[v];
            _start = _columns = [];
            _rows = [];
            return;
        }
        if (n > ushort.MaxValue || v > ushort.MaxValue)
            throw new InputException($"process {process.Name}: streaming samples support at most {ushort.MaxValue} states and tokens ({n} states, {v} tokens)");
        var stateLabels = new int[n];
        for (int i = 0; i < n; i++) stateLabels[i] = i;
        var initial = new double[n];
        for (int i = 0; i < n; i++) initial[i] = Math.Max(0, process.InitialState[i]); // clip rounding below 0
        _start = AliasTable.Build(initial, stateLabels, $"process {process.Name}: initial state");

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
    }

    public HiddenMarkovProcess Process { get; }

    /// <summary>The generator state, for checkpoints; restore with <see cref="SetRandomState"/>.</summary>
    public ulong[] GetRandomState() => _random.GetState();
    public void SetRandomState(ReadOnlySpan<ulong> state) => _random = Xoshiro256StarStar.FromState(state);

    /// <summary>Fills <paramref name="tokens"/> with one sequence, started from η₀.</summary>
    public void Sample(Span<int> tokens)
    {
        if (_belief is not null)
        {
            SampleBeliefs(tokens);
            return;
        }
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

    /// <summary>
    /// A generalized HMM's sequence: x ~ P(· | η) by inversion of one uniform number (negative round-off clipped to 0),
    /// then the belief update.
    /// </summary>
    private void SampleBeliefs(Span<int> tokens)
    {
        var process = Process;
        int n = process.StateCount, v = process.TokenCount;
        var belief = _belief.AsSpan(0, n);
        var next = _belief.AsSpan(n, n);
        var distribution = _distribution.AsSpan();
        process.InitialState.CopyTo(belief);
        for (int t = 0; t < tokens.Length; t++)
        {
            BeliefUpdate.NextTokenDistribution(process, belief, distribution);
            double total = 0;
            for (int x = 0; x < v; x++) total += Math.Max(0, distribution[x]);
            double u = (_random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
            int token = v - 1;
            for (int x = 0; x < v; x++)
            {
                double p = Math.Max(0, distribution[x]);
                if (u < p && p > 0) { token = x; break; }
                u -= p;
            }
            while (Math.Max(0, distribution[token]) == 0) token--; // round-off past the end: the last possible token
            tokens[t] = token;
            BeliefUpdate.Update(process, belief, token, next);
            next.CopyTo(belief);
        }
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
