using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;
using Spectre.Console;

namespace BeliefGeometry.Cli.Commands;

/// <summary>
/// Training as <c>belief train</c> and <c>belief experiment</c> both show it, built once: progress on stderr — a live
/// Spectre progress bar when stderr is a terminal, a plain line at every evaluation and every
/// <see cref="PlainInterval"/> seconds otherwise — Ctrl-C and SIGTERM turned into a clean stop at a checkpoint, and
/// the outcome on stdout (the run directory and the final mean validation gap).
/// </summary>
public static class TrainingConsole
{
    /// <summary>Seconds between plain progress lines when stderr is not a terminal.</summary>
    public const double PlainInterval = 10;

    /// <summary>
    /// Trains (or resumes) <paramref name="config"/> into <paramref name="runDirectory"/> with progress on stderr and the
    /// outcome on stdout; returns null when interrupted (the checkpoint is saved and <paramref name="resumeCommand"/> printed).
    /// </summary>
    public static TrainingResult? Train(ExperimentConfig config, string runDirectory, bool resume, string resumeCommand, TextWriter stdout, TextWriter stderr)
    {
        using var trainer = new Trainer(config, runDirectory);
        using var interrupt = new Interruption();
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var result = terminal
            ? RunWithProgressBar(trainer, resume, stderr, interrupt.Token)
            : RunWithPlainLines(trainer, resume, stderr, interrupt.Token);

        if (result.Step < trainer.TotalSteps)
        {
            stderr.WriteLine($"belief: interrupted at step {result.Step} of {trainer.TotalSteps}; the checkpoint is saved, continue with: {resumeCommand}");
            stderr.Flush();
            return null;
        }
        var e = result.Evaluation;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run '{result.RunDirectory}': {result.Step} steps, {result.Tokens:N0} tokens; mean validation loss {e.MeanLoss:F6} nats, floor {e.MeanFloor:F6}, gap {e.MeanGap:F6} nats{(e.Exact ? "" : " (sampled)")}"));
        stdout.Flush();
        return result;
    }

    private static string Describe(TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps} · {p.Tokens:N0} tokens · loss {p.Loss:F4} ({p.LossAboveFloor:+0.0000;-0.0000} above floor) · {p.TokensPerSecond:N0} tokens/s");

    /// <summary>The progress bar's description, short enough to leave room for the bar and ETA on an 80-column terminal.</summary>
    private static string Compact(TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Step}/{p.TotalSteps} · {Short(p.Tokens)} tok · loss {p.Loss:F4} ({p.LossAboveFloor:+0.0000;-0.0000}) · {Short(p.TokensPerSecond)} tok/s");

    private static string Short(double value) => value switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e9:0.0}G"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:0.0}M"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e3:0.0}k"),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    private static TrainingResult RunWithPlainLines(Trainer trainer, bool resume, TextWriter stderr, CancellationToken cancellation)
    {
        var sinceLine = Stopwatch.StartNew();
        return trainer.Run(resume, cancellation: cancellation, progress: p =>
        {
            if (p.Evaluation is null && p.Step != p.TotalSteps && sinceLine.Elapsed.TotalSeconds < PlainInterval)
                return;
            sinceLine.Restart();
            string eval = p.Evaluation is { } e
                ? string.Create(CultureInfo.InvariantCulture, $" · val gap {e.MeanGap:F5} nats")
                : "";
            string left = p.Remaining is { } r && p.Step < p.TotalSteps ? $" · {r:hh\\:mm\\:ss} left" : "";
            stderr.WriteLine($"belief train: {Describe(p)}{eval}{left}");
            stderr.Flush();
        });
    }

    private static TrainingResult RunWithProgressBar(Trainer trainer, bool resume, TextWriter stderr, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        TrainingResult? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: trainer.TotalSteps);
                string gap = "";
                result = trainer.Run(resume, cancellation: cancellation, progress: p =>
                {
                    if (p.Evaluation is { } e)
                        gap = string.Create(CultureInfo.InvariantCulture, $" · gap {e.MeanGap:F4}");
                    task.Description = Markup.Escape(Compact(p) + gap);
                    task.Value = p.Step;
                });
                task.Value = trainer.TotalSteps;
            });
        return result!;
    }

    /// <summary>Turns Ctrl-C (SIGINT), SIGTERM and the end of a sweep that started this run (<see cref="ParentWatch"/>) into a cancellation: the trainer stops after its current step and checkpoints.</summary>
    private sealed class Interruption : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly PosixSignalRegistration _interrupt, _terminate;
        private readonly IDisposable _parent;

        public Interruption()
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
            _parent = ParentWatch.WhileStoppable(() => _source.Cancel());
        }

        public CancellationToken Token => _source.Token;

        /// <summary>The first signal asks for a clean stop; a second one ends the process at once.</summary>
        private void Cancel(PosixSignalContext context)
        {
            if (_source.IsCancellationRequested) return;
            context.Cancel = true; // keep the process alive until the checkpoint is written
            _source.Cancel();
        }

        public void Dispose()
        {
            _parent.Dispose();
            _interrupt.Dispose();
            _terminate.Dispose();
            _source.Dispose();
        }
    }
}
