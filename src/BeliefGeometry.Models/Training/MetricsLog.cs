using BeliefGeometry.Export;
using System.Text;
using System.Text.Json;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per line, flushed line by line. Training lines:
/// <c>{"kind":"train","step","tokens","loss","lr","tokens_per_second"}</c>; evaluation lines:
/// <c>{"kind":"eval","step","tokens","exact","val_loss":[per position],"floor":[per position],"mean_val_loss","mean_floor","mean_gap"}</c>.
/// Losses in nats; a non-finite number is written as <c>null</c>.
/// </summary>
public sealed class MetricsLog : ITrainingLog
{
    private readonly StreamWriter _writer;

    private MetricsLog(StreamWriter writer) => _writer = writer;

    /// <summary>Starts a new, empty log at <paramref name="path"/>.</summary>
    public static MetricsLog Create(string path) => new(new StreamWriter(path, append: false, new UTF8Encoding(false)));

    /// <summary>
    /// Continues the log at <paramref name="path"/> from a checkpoint at <paramref name="step"/>: lines of later steps
    /// (written after that checkpoint by a run that was then killed), and a torn last line, are dropped first.
    /// </summary>
    public static MetricsLog Resume(string path, long step)
    {
        var kept = new List<string>();
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.TryGetProperty("step", out var s) && s.GetInt64() <= step)
                        kept.Add(line);
                }
                catch (JsonException) { } // a line cut short by a kill
            }
        }
        AtomicFile.WriteText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
        return new MetricsLog(new StreamWriter(path, append: true, new UTF8Encoding(false)));
    }

    public void OnTrain(TrainRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteLine(w =>
        {
            w.WriteString("kind", "train");
            w.WriteNumber("step", record.Step);
            w.WriteNumber("tokens", record.Tokens);
            Number(w, "loss", record.Loss);
            Number(w, "lr", record.LearningRate);
            Number(w, "tokens_per_second", record.TokensPerSecond);
        });
    }

    public void OnEval(EvalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var eval = record.Evaluation;
        WriteLine(w =>
        {
            w.WriteString("kind", "eval");
            w.WriteNumber("step", eval.Step);
            w.WriteNumber("tokens", record.Tokens);
            w.WriteBoolean("exact", eval.Exact);
            Numbers(w, "val_loss", eval.Loss);
            Numbers(w, "floor", eval.Floor);
            Number(w, "mean_val_loss", eval.MeanLoss);
            Number(w, "mean_floor", eval.MeanFloor);
            Number(w, "mean_gap", eval.MeanGap);
        });
    }

    private void WriteLine(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        _writer.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        _writer.Flush();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) w.WriteNumberValue(v);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    public void Dispose() => _writer.Dispose();
}
