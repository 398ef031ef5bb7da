using System.Globalization;
using ScottPlot;

namespace BeliefGeometry.Reports.Figures;

/// <summary>Training loss against tokens (log₁₀ x when they span more than two decades) with the floor as a horizontal line (dashed in the PNG).</summary>
public static class TrainingCurveFigure
{
    /// <summary>Writes basePath.png and basePath.svg.</summary>
    public static FigureFiles Write(TrainingCurve data, string basePath)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Tokens.Count != data.Loss.Count || data.Tokens.Count == 0)
            throw new ArgumentException($"{data.Tokens.Count} token counts and {data.Loss.Count} losses; need the same positive number", nameof(data));
        if ((data.ValidationTokens is null) != (data.ValidationLoss is null) ||
            data.ValidationTokens is not null && data.ValidationTokens.Count != data.ValidationLoss!.Count)
            throw new ArgumentException("validation tokens and losses must both be given, with the same length", nameof(data));

        var positive = data.Tokens.Concat(data.ValidationTokens ?? []).Where(t => t > 0).ToArray();
        bool log = positive.Length > 1 && positive.Max() / positive.Min() > 100;
        double X(double tokens) => log ? Math.Log10(Math.Max(tokens, positive.Min())) : tokens;

        var plot = FigureStyle.NewPlot("Training curve", log ? "Tokens seen (log scale)" : "Tokens seen", "Cross-entropy (nats)");
        var train = plot.Add.Scatter(data.Tokens.Select(X).ToArray(), data.Loss.ToArray(), FigureStyle.Primary);
        train.LegendText = "Training loss";
        train.LineWidth = 1.8f;
        train.MarkerSize = data.Tokens.Count > 60 ? 0 : 4;

        if (data.ValidationTokens is { Count: > 0 } vt)
        {
            var validation = plot.Add.Scatter(vt.Select(X).ToArray(), data.ValidationLoss!.ToArray(), FigureStyle.Secondary);
            validation.LegendText = "Validation loss";
            validation.LineWidth = 2;
            validation.MarkerSize = 7;
        }

        var floor = plot.Add.HorizontalLine(data.FloorMean, 2, FigureStyle.Reference, LinePattern.Dashed);
        floor.LegendText = $"Floor (mean over positions) {data.FloorMean.ToString("0.000", CultureInfo.InvariantCulture)}";

        if (log) plot.Axes.Bottom.TickGenerator = LogTicks(positive.Min(), positive.Max());
        else plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = FormatTokens };
        plot.Axes.Margins(0.03, 0.1);
        plot.ShowLegend(Alignment.UpperRight);
        return FigureRenderer.Write(basePath, 600, 420, [plot], 1);
    }

    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = (int)Math.Floor(Math.Log10(min)); e <= (int)Math.Ceiling(Math.Log10(max)); e++)
        {
            ticks.AddMajor(e, FormatTokens(Math.Pow(10, e)));
            for (int m = 2; m <= 9; m++) ticks.AddMinor(e + Math.Log10(m));
        }
        return ticks;
    }

    /// <summary>1200 → "1.2k", 3 000 000 → "3M".</summary>
    public static string FormatTokens(double tokens)
    {
        double a = Math.Abs(tokens);
        return a >= 1e9 ? (tokens / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G"
            : a >= 1e6 ? (tokens / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M"
            : a >= 1e3 ? (tokens / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : tokens.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
