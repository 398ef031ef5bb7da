using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Training;
using BeliefGeometry.Probing;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// probe.json, written and read back as the same typed records: <see cref="ProbeRunInfo"/> and the fields of
/// <see cref="ProbeAnalysis"/> side by side in one object (docs/run-directory.md). The best probe is the one the
/// <see cref="Prober"/> chose (<see cref="ProbeAnalysis.BestBeliefFeatures"/>); everything downstream asks here.
/// </summary>
public sealed record ProbeFile(string Path, ProbeRunInfo Info, ProbeAnalysis Analysis)
{
    /// <summary>The target whose best probe is the headline.</summary>
    public const string BeliefTarget = "belief";

    /// <summary>The belief probes from model activations (not the baselines), in the order they were fitted.</summary>
    public IReadOnlyList<ProbeResult> BeliefProbes => [.. Analysis.Results.Where(r => r.Target == BeliefTarget && !r.Baseline)];

    /// <summary>The belief probes from baseline features (last tokens, next-token distribution).</summary>
    public IReadOnlyList<ProbeResult> BeliefBaselines => [.. Analysis.Results.Where(r => r.Target == BeliefTarget && r.Baseline)];

    /// <summary>The best belief probe (the Prober's choice: highest held-out R²), or null when none was fitted.</summary>
    public ProbeResult? Best => BeliefProbes.FirstOrDefault(r => r.Features == Analysis.BestBeliefFeatures);

    /// <summary>The best belief probe from one hook point alone (not the concatenation <paramref name="concatenation"/>).</summary>
    public ProbeResult? BestSingleHook(string concatenation) =>
        BeliefProbes.Where(r => r.Features != concatenation && r.HeldOut.R2 is not null).MaxBy(r => r.HeldOut.R2);

    /// <summary>Every target that was probed, in the order of the results.</summary>
    public IReadOnlyList<string> Targets => [.. Analysis.Results.Select(r => r.Target).Distinct()];

    /// <summary>Writes <paramref name="info"/> and <paramref name="analysis"/> as one JSON object, atomically, to the file of the analysis's protocol (<see cref="RunDirectory.ProbePathFor"/>).</summary>
    public static void Write(RunDirectory run, ProbeRunInfo info, ProbeAnalysis analysis)
    {
        var document = JsonSerializer.SerializeToNode(info, ProbeRun.JsonOptions)!.AsObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(analysis, ProbeRun.JsonOptions)!.AsObject().ToList())
            document[key] = value?.DeepClone();
        AtomicFile.WriteText(run.ProbePathFor(analysis.Settings.Protocol), document.ToJsonString(ProbeRun.JsonOptions) + "\n");
    }

    /// <summary>
    /// Reads the probe.json of <paramref name="run"/> (the results of <paramref name="protocol"/>); a missing file, or one that is not a probe.json written by
    /// 'belief probe' (garbage, truncated, a result without features, target or held-out score), is one
    /// <see cref="InputException"/> naming the file.
    /// </summary>
    public static ProbeFile Read(RunDirectory run, string protocol = ProbeProtocols.HeldOut)
    {
        run.RequireExisting();
        string path = run.ProbePathFor(protocol);
        if (!File.Exists(path))
            throw new InputException($"run '{run.Path}' has no {System.IO.Path.GetFileName(path)}; run 'belief probe {run.Path}" + (protocol == ProbeProtocols.HeldOut ? "" : $" --protocol {protocol}") + "' first");
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new JsonException("not a JSON object");
            var info = node.Deserialize<ProbeRunInfo>(ProbeRun.JsonOptions) ?? throw new JsonException("empty");
            var analysis = node.Deserialize<ProbeAnalysis>(ProbeRun.JsonOptions) ?? throw new JsonException("empty");
            if (analysis.Results is null) throw new JsonException("it has no \"results\"");
            foreach (var (r, i) in analysis.Results.Select((r, i) => (r, i)))
                if (r is null || r.Features is null || r.Target is null || r.HeldOut is null)
                    throw new JsonException($"result {i} lacks \"features\", \"target\" or \"held_out\"");
            return new ProbeFile(path, info, analysis);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new InputException($"'{path}' is not a probe.json written by 'belief probe' ({FirstLine(e.Message)}); run 'belief probe {run.Path}' again");
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('.', ' ', '\r');
}
