using System.Text.Json;
using System.Text.Json.Serialization;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Pipeline;

/// <summary>
/// metrics.jsonl read back (<see cref="MetricsLog"/> writes it): the training lines and the evaluation lines, in
/// order. A line that is not a metrics record is one <see cref="InputException"/> naming the file and the line.
/// </summary>
public sealed record RunMetrics(IReadOnlyList<RunMetrics.TrainLine> Train, IReadOnlyList<RunMetrics.EvalLine> Evals)
{
    /// <summary><c>{"kind":"train","step","tokens","loss","lr","tokens_per_second"}</c>.</summary>
    public sealed record TrainLine(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("tokens")] double Tokens,
        [property: JsonPropertyName("loss")] double Loss,
        [property: JsonPropertyName("tokens_per_second")] double? TokensPerSecond = null);

    /// <summary><c>{"kind":"eval","step","tokens","exact","val_loss":[…],"floor":[…],"mean_val_loss","mean_floor","mean_gap"}</c> (nats).</summary>
    public sealed record EvalLine(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("tokens")] double Tokens,
        [property: JsonPropertyName("val_loss")] double[] ValLoss,
        [property: JsonPropertyName("floor")] double[] Floor,
        [property: JsonPropertyName("mean_val_loss")] double MeanValLoss,
        [property: JsonPropertyName("mean_floor")] double MeanFloor,
        [property: JsonPropertyName("mean_gap")] double MeanGap);

    /// <summary>Reads <paramref name="path"/>; a missing file has no lines.</summary>
    public static RunMetrics Read(string path)
    {
        var train = new List<TrainLine>();
        var evals = new List<EvalLine>();
        if (!File.Exists(path)) return new RunMetrics(train, evals);
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                string? kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("kind", out var k)
                    ? k.GetString() : null;
                switch (kind)
                {
                    case "train":
                        train.Add(document.Deserialize<TrainLine>(ProbeRun.JsonOptions)!);
                        break;
                    case "eval":
                        var eval = document.Deserialize<EvalLine>(ProbeRun.JsonOptions)!;
                        if (eval.ValLoss is null || eval.Floor is null) throw new JsonException("an eval line needs \"val_loss\" and \"floor\"");
                        evals.Add(eval);
                        break;
                    default:
                        throw new JsonException("no \"kind\" of \"train\" or \"eval\"");
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new InputException($"'{path}' line {number} is not a metrics record written by 'belief train' ({e.Message.Split('\n', 2)[0].TrimEnd('.')})");
            }
        }
        return new RunMetrics(train, evals);
    }
}
