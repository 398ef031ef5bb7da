using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;

namespace BeliefGeometry.Probing;

/// <summary>
/// The targets of a probe analysis, one row per prefix: <see cref="Targets"/> side by side (target g at columns
/// <see cref="Real"/>(g) of the statistics) and, with the shuffled control, the same targets with their rows
/// permuted across prefixes after them (<see cref="Shuffled"/>(g); row i of the copy is row π(i), read through
/// the permutation <see cref="Shuffle"/> rather than copied). One pass of the Gram kernel thus gives the
/// statistics of every target and of every control.
/// </summary>
public sealed class ProbeTargetSet : ITargetRows
{
    /// <summary>Name of the belief target (the first), whose best probe the analysis reports.</summary>
    public const string BeliefName = "belief";

    private readonly int[] _offsets;

    public ProbeTargetSet(IReadOnlyList<TargetMatrix> targets, int[]? shuffle = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) throw new ArgumentException("no targets", nameof(targets));
        Rows = targets[0].Rows;
        _offsets = new int[targets.Count];
        for (int g = 0; g < targets.Count; g++)
        {
            if (targets[g].Rows != Rows) throw new ArgumentException($"target '{targets[g].Name}' has {targets[g].Rows} rows, not {Rows}", nameof(targets));
            if (g > 0) _offsets[g] = _offsets[g - 1] + targets[g - 1].Columns;
        }
        if (shuffle is not null && shuffle.Length != Rows) throw new ArgumentException($"a permutation of {Rows} rows is needed", nameof(shuffle));
        Targets = targets;
        Shuffle = shuffle;
        RealWidth = _offsets[^1] + targets[^1].Columns;
    }

    /// <summary>
    /// belief η, its readouts (each factor's belief, the component posterior: <see cref="BeliefReadout.For"/>), the next-k-token distributions for k in <see cref="ProbeSettings.NextTokenHorizons"/>, the Markov-m
    /// beliefs for m in <see cref="ProbeSettings.MarkovOrders"/> (<see cref="ProbeTargets"/>); with
    /// <see cref="ProbeSettings.ShuffleControl"/> a permutation seeded by Seed ⊕ 0x5DEECE66D.
    /// </summary>
    public static ProbeTargetSet Create(PrefixSet prefixes, ProbeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(settings);
        var targets = new List<TargetMatrix> { ProbeTargets.Belief(prefixes) };
        foreach (var readout in BeliefReadout.For(prefixes.Process)) targets.Add(ProbeTargets.Readout(prefixes, readout));
        foreach (int k in settings.NextTokenHorizons) targets.Add(ProbeTargets.NextTokens(prefixes, k));
        foreach (int m in settings.MarkovOrders) targets.Add(ProbeTargets.MarkovBelief(prefixes, m));
        return new ProbeTargetSet(targets, settings.ShuffleControl ? Splitters.Permutation(prefixes.Count, settings.Seed ^ 0x5DEECE66DUL) : null);
    }

    /// <summary>The targets, in order (the first is the belief).</summary>
    public IReadOnlyList<TargetMatrix> Targets { get; }

    /// <summary>π of the shuffled control (row i of the control is row π(i)); null without the control.</summary>
    public int[]? Shuffle { get; }

    public int Rows { get; }

    /// <summary>Σ target widths.</summary>
    public int RealWidth { get; }

    /// <summary>Columns of the statistics: the targets, then (with the control) their shuffled copies.</summary>
    public int Columns => Shuffle is null ? RealWidth : 2 * RealWidth;

    /// <summary>Where target <paramref name="g"/> is among the statistics' columns.</summary>
    public ColumnRange Real(int g) => new(_offsets[g], Targets[g].Columns);

    /// <summary>Where the shuffled copy of target <paramref name="g"/> is among the statistics' columns.</summary>
    public ColumnRange Shuffled(int g) =>
        Shuffle is null ? throw new InvalidOperationException("no shuffled control") : new(RealWidth + _offsets[g], Targets[g].Columns);

    /// <summary>Every column range a probe is fitted to: each target, then each shuffled copy.</summary>
    public IReadOnlyList<ColumnRange> FittedColumns =>
        [.. Enumerable.Range(0, Targets.Count).Select(Real), .. Shuffle is null ? [] : Enumerable.Range(0, Targets.Count).Select(Shuffled)];

    void ITargetRows.Prefetch(int row)
    {
        foreach (var target in Targets) target.Prefetch(row);
        if (Shuffle is null) return;
        int source = Shuffle[row];
        foreach (var target in Targets) target.Prefetch(source);
    }

    void ITargetRows.CopyRow(int row, Span<double> destination)
    {
        for (int g = 0; g < Targets.Count; g++) Targets[g].Row(row).CopyTo(destination.Slice(_offsets[g]));
        if (Shuffle is null) return;
        int source = Shuffle[row];
        for (int g = 0; g < Targets.Count; g++) Targets[g].Row(source).CopyTo(destination.Slice(RealWidth + _offsets[g]));
    }
}
