namespace BeliefGeometry.Reports.Html;

/// <summary>Everything the HTML report shows, in reading order. Only the title and belief figure are required.</summary>
public sealed record ReportContent
{
    /// <summary>Page title, e.g. "Mess3: belief geometry in the residual stream".</summary>
    public required string Title { get; init; }

    /// <summary>One line under the title (process spec, run directory, …).</summary>
    public string? Subtitle { get; init; }

    /// <summary>The lead paragraph; when null, one is written from the best probe row.</summary>
    public string? Summary { get; init; }

    /// <summary>The headline: ground-truth beliefs beside the probe's prediction.</summary>
    public required ReportFigure BeliefFigure { get; init; }

    /// <summary>Probe scores per hook point, in model order.</summary>
    public IReadOnlyList<ProbeRow> ProbeRows { get; init; } = [];

    /// <summary>What the probes predict, for headings ("belief state").</summary>
    public string ProbeTarget { get; init; } = "belief state";

    /// <summary>R² bars with controls.</summary>
    public ReportFigure? ProbeFigure { get; init; }

    /// <summary>Validation loss per position against the floor.</summary>
    public ReportFigure? PositionLossFigure { get; init; }

    /// <summary>Training loss against tokens.</summary>
    public ReportFigure? TrainingFigure { get; init; }

    /// <summary>Cumulative PCA explained variance of activations.</summary>
    public ReportFigure? VarianceFigure { get; init; }

    /// <summary>Further figures, shown after the loss section.</summary>
    public IReadOnlyList<ReportFigure> ExtraFigures { get; init; } = [];

    /// <summary>Facts about the process (name, spec, states, tokens, parameters).</summary>
    public IReadOnlyList<ReportItem> Process { get; init; } = [];

    /// <summary>Theory numbers, or null to leave the section out.</summary>
    public TheorySummary? Theory { get; init; }

    /// <summary>Model settings (n_layers, d_model, …, parameter count).</summary>
    public IReadOnlyList<ReportItem> Model { get; init; } = [];

    /// <summary>Training settings (optimizer, lr, batch, tokens, seed, final loss, …).</summary>
    public IReadOnlyList<ReportItem> Training { get; init; } = [];

    /// <summary>Footer text (tool version, command); no timestamp is added, so the page is reproducible.</summary>
    public string? Footer { get; init; }
}
