using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// The belief probes of several runs side by side (seeds, or any runs probed the same way): for each feature set,
/// the held-out R², MSE and shuffled-control R² across runs as mean, sample standard deviation, min and max.
/// Reads only each run's probe.json — the merge step of a sweep (docs/design.md section 5).
/// </summary>
public static class ProbeComparison
{
    /// <summary>Mean, sample standard deviation (0 for one run), min and max of one score over the runs.</summary>
    public sealed record Spread(double Mean, double StandardDeviation, double Min, double Max, int Runs)
    {
        public static Spread Of(IReadOnlyList<double> values)
        {
            if (values.Count == 0) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double mean = values.Average();
            double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
            return new Spread(mean, sd, values.Min(), values.Max(), values.Count);
        }
    }

    /// <summary>One feature set's scores over the runs (baselines included, flagged).</summary>
    public sealed record Row(string Features, bool Baseline, Spread HeldOutR2, Spread Mse, Spread ShuffledR2);

    /// <summary>
    /// Rows in the order of the first run's results, for the target <paramref name="target"/>. Refused, in one line:
    /// a directory given twice (compared by full path), runs of different processes (they would be averaged), and a
    /// target that none of the runs probed (the message lists the targets they have).
    /// </summary>
    public static IReadOnlyList<Row> Compare(IReadOnlyList<string> runDirectories, string target = "belief")
    {
        if (runDirectories.Count == 0) throw new InputException("compare: give at least one run directory");
        var seen = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (string run in runDirectories)
        {
            new RunDirectory(run).RequireExisting();
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(run));
            if (!seen.TryAdd(full, run))
                throw new InputException($"compare: run '{full}' is given twice (as '{seen[full]}' and '{run}'); give each run once");
        }
        var probes = runDirectories.Select(run => ProbeFile.Read(new RunDirectory(run))).ToList();
        var processes = probes.Select((p, i) => (Run: runDirectories[i], Process: p.Info.Process ?? "(unknown)")).ToList();
        if (processes.Select(p => p.Process).Distinct().Count() > 1)
            throw new InputException("compare: the runs are of different processes, which cannot be averaged: " +
                string.Join(", ", processes.Select(p => $"'{p.Run}' ({p.Process})")));
        var targets = probes.SelectMany(p => p.Targets).Distinct().ToList();
        if (!targets.Contains(target))
            throw new InputException($"--target '{BeliefGeometry.Json.Abbreviation.Of(target)}' was not probed in these runs; allowed: {string.Join(", ", targets)}");

        var order = new List<(string Features, bool Baseline)>();
        var scores = new Dictionary<string, (List<double> R2, List<double> Mse, List<double> Shuffled)>();
        foreach (var probe in probes)
        {
            foreach (var result in probe.Analysis.Results.Where(r => r.Target == target))
            {
                if (!scores.TryGetValue(result.Features, out var s))
                {
                    scores[result.Features] = s = ([], [], []);
                    order.Add((result.Features, result.Baseline));
                }
                Add(s.R2, result.HeldOut.R2);
                Add(s.Mse, result.HeldOut.Mse);
                Add(s.Shuffled, result.ShuffledHeldOutR2);
            }
        }
        return [.. order.Select(o => new Row(o.Features, o.Baseline,
            Spread.Of(scores[o.Features].R2), Spread.Of(scores[o.Features].Mse), Spread.Of(scores[o.Features].Shuffled)))];
    }

    private static void Add(List<double> values, double? value)
    {
        if (value is { } v && double.IsFinite(v)) values.Add(v);
    }
}
