using System.Text.Json;
using BeliefGeometry.Data;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// One experiment: process, data, model, training and probe settings (docs/design.md sections 2 and 4). Read and
/// validated by <see cref="ExperimentFile"/>; <see cref="ToJson"/> writes it back with every default filled in
/// (the run directory's <c>config.json</c>), and that text parses to an equal record.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Name of the experiment (letters, digits, '.', '_' and '-'; it may name a run directory).</summary>
    public required string Name { get; init; }

    /// <summary>Seed of every random choice (initialisation, batches, probe splits), ≥ 0; default 0.</summary>
    public long Seed { get; init; }

    /// <summary>A process spec as <c>ProcessCatalog.Resolve</c> takes it: <c>mess3:x=0.05,a=0.85</c>, a product, or a process JSON path (absolute once read: <see cref="ExperimentFile"/> resolves a relative one against the experiment file).</summary>
    public required string Process { get; init; }

    /// <summary>How words are drawn; defaults: exact enumeration, no BOS.</summary>
    public DataConfig Data { get; init; } = new();

    /// <summary>The model (required).</summary>
    public required ModelConfig Model { get; init; }

    /// <summary>Optimizer and schedule; see <see cref="TrainingConfig"/> for the defaults.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Probe settings; see <see cref="ProbeConfig"/> for the defaults.</summary>
    public ProbeConfig Probe { get; init; } = new();

    /// <summary>Target tokens per optimizer step: batch_size × n_ctx (every position has one target, with or without BOS).</summary>
    public long TokensPerStep => (long)Training.BatchSize * Model.NCtx;

    /// <summary>Optimizer steps of the run: <c>training.steps</c>, or ⌈tokens / (batch_size × n_ctx)⌉.</summary>
    public long TotalSteps => Training.Steps ?? Math.Max(1, Training.Tokens!.Value / TokensPerStep + (Training.Tokens.Value % TokensPerStep == 0 ? 0 : 1));

    /// <summary>The fully resolved config as indented JSON, with snake_case names and every default written out (<see cref="ExperimentSchema"/>).</summary>
    public string ToJson() => ExperimentSchema.Experiment.Write(this).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
