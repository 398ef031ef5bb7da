using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The training data stream of a run: exact words drawn by probability (<see cref="ExactDataset"/>) or sequences
/// sampled from the process (<see cref="ProcessSampler"/>), split into inputs and targets by a
/// <see cref="SequenceLayout"/>. Seeded; its generator state goes into checkpoints so a resumed run draws the
/// same batches an uninterrupted one would.
/// </summary>
public sealed class TrainingBatches
{
    private readonly ExactDataset? _exact;
    private readonly WeightedSampler? _weighted;
    private readonly ProcessSampler? _stream;
    private readonly int[] _words;

    /// <param name="mode"><c>"exact"</c> or <c>"stream"</c>.</param>
    public TrainingBatches(HiddenMarkovProcess process, SequenceLayout layout, string mode, int batchSize, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        BatchSize = batchSize;
        if (mode == "exact")
        {
            _exact = ExactDataset.Enumerate(process, layout);
            _weighted = _exact.CreateSampler(seed);
        }
        else if (mode == "stream")
            _stream = new ProcessSampler(process, seed);
        else
            throw new InputException($"data mode '{mode}' is unknown; allowed: exact, stream");
        _words = new int[checked(batchSize * layout.WordLength)];
    }

    public SequenceLayout Layout { get; }
    public int BatchSize { get; }

    /// <summary>The exact dataset in exact mode, else <c>null</c>.</summary>
    public ExactDataset? Exact => _exact;

    /// <summary>Fills inputs and targets (each batch × n_ctx, row-major) with the next batch.</summary>
    public void Next(Span<int> inputs, Span<int> targets)
    {
        if (_exact is not null)
            _exact.SampleBatch(_weighted!, _words, BatchSize);
        else
            _stream!.SampleBatch(_words, BatchSize, Layout.WordLength);
        Layout.SplitBatch(_words, BatchSize, inputs, targets);
    }

    /// <summary>The generator state (for checkpoints).</summary>
    public ulong[] GetRandomState() => _weighted?.GetRandomState() ?? _stream!.GetRandomState();

    /// <summary>Restores a state from <see cref="GetRandomState"/>.</summary>
    public void SetRandomState(ReadOnlySpan<ulong> state)
    {
        if (_weighted is not null) _weighted.SetRandomState(state);
        else _stream!.SetRandomState(state);
    }
}
