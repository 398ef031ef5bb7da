using System.Net;
using BeliefGeometry.Export;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// TensorBoard event files in <c>tensorboard/</c> of the run directory (docs/run-directory.md), named
/// <c>events.out.tfevents.&lt;unix time&gt;.&lt;host&gt;</c>: TFRecords (<see cref="TfRecord"/>) of <c>tensorboard.Event</c>
/// protobufs (<see cref="TensorBoardEvent"/>), the first holding the file version. At the optimizer step, one event per
/// step (<c>train/loss</c>, <c>train/lr</c>, <c>train/tokens_per_second</c>, and <c>train/loss_above_floor</c> once an
/// evaluation has given the mean floor) and one per evaluation (<c>val/loss</c>, <c>val/floor</c>,
/// <c>val/loss_above_floor</c>, <c>val/loss_pos_&lt;t&gt;</c>); losses in nats, as float32. Each event is handed to
/// the operating system as it is written (one write, a few microseconds), like a line of <c>metrics.jsonl</c>: a killed
/// run keeps every step up to its checkpoint, so a resume leaves no gap.
/// </summary>
public sealed class TensorBoardLog : ITrainingLog
{
    /// <summary>The start of every event file's name (TensorBoard reads the files whose names contain <c>tfevents</c>).</summary>
    public const string FilePrefix = "events.out.tfevents.";

    private const string ValFloorTag = "val/floor";

    private readonly FileStream _file;
    private double? _meanFloor;

    private TensorBoardLog(FileStream file, double? meanFloor)
    {
        _file = file;
        _meanFloor = meanFloor;
        if (_file.Length == 0)
            Write(TensorBoardEvent.Version(WallTime()));
    }

    /// <summary>The event file written to.</summary>
    public string Path => _file.Name;

    /// <summary>Starts a new event file in <paramref name="directory"/> (created if absent).</summary>
    public static TensorBoardLog Create(string directory)
    {
        Directory.CreateDirectory(directory);
        string name = $"{FilePrefix}{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Dns.GetHostName()}";
        return new TensorBoardLog(Open(System.IO.Path.Combine(directory, name), FileMode.CreateNew), null);
    }

    /// <summary>
    /// Continues the event files in <paramref name="directory"/> from a checkpoint at <paramref name="step"/>: every
    /// file loses the events of later steps (written after that checkpoint by a run that was then killed) and a torn
    /// last record, and is rewritten atomically when it changes; then the newest file is appended to (a new one is
    /// started when there is none). So each step is in the directory once.
    /// </summary>
    public static TensorBoardLog Resume(string directory, long step)
    {
        Directory.CreateDirectory(directory);
        foreach (string stale in Directory.GetFiles(directory, FilePrefix + "*" + AtomicFile.TemporarySuffix))
            File.Delete(stale); // left by a kill during an earlier resume; TensorBoard would read it as events
        string? newest = null;
        double? meanFloor = null;
        foreach (string file in Directory.GetFiles(directory, FilePrefix + "*").Order(StringComparer.Ordinal))
        {
            meanFloor = Truncate(file, step) ?? meanFloor;
            newest = file;
        }
        return newest is null ? Create(directory) : new TensorBoardLog(Open(newest, FileMode.Append), meanFloor);
    }

    /// <summary>Keeps the whole events of <paramref name="file"/> up to <paramref name="step"/>; returns the last mean floor among them.</summary>
    private static double? Truncate(string file, long step)
    {
        byte[] bytes = File.ReadAllBytes(file);
        var kept = new List<Range>();
        double? meanFloor = null;
        foreach (var record in TfRecord.Read(bytes))
        {
            if (!TensorBoardEvent.TryRead(TfRecord.Data(bytes.AsSpan(record)), out long at, out var values) || at > step)
                continue;
            kept.Add(record);
            foreach (var value in values)
                if (value.Tag == ValFloorTag)
                    meanFloor = value.Value;
        }
        if (kept.Sum(r => r.GetOffsetAndLength(bytes.Length).Length) != bytes.Length)
            AtomicFile.Write(file, stream =>
            {
                foreach (var record in kept) stream.Write(bytes.AsSpan(record));
            });
        return meanFloor;
    }

    public void OnTrain(TrainRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new List<Scalar>(4)
        {
            new("train/loss", (float)record.Loss), new("train/lr", (float)record.LearningRate),
            new("train/tokens_per_second", (float)record.TokensPerSecond),
        };
        if (_meanFloor is { } floor)
            values.Add(new("train/loss_above_floor", (float)(record.Loss - floor)));
        Write(TensorBoardEvent.Scalars(WallTime(), record.Step, values));
    }

    public void OnEval(EvalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var eval = record.Evaluation;
        _meanFloor = eval.MeanFloor;
        Scalar[] values =
        [
            new("val/loss", (float)eval.MeanLoss), new(ValFloorTag, (float)eval.MeanFloor), new("val/loss_above_floor", (float)eval.MeanGap),
            .. eval.Loss.Select((loss, t) => new Scalar($"val/loss_pos_{t}", (float)loss)),
        ];
        Write(TensorBoardEvent.Scalars(WallTime(), eval.Step, values));
    }

    /// <summary>Frames <paramref name="data"/> as a record and hands it to the operating system (it then survives the process being killed).</summary>
    private void Write(ReadOnlySpan<byte> data)
    {
        TfRecord.Write(_file, data);
        _file.Flush();
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete);

    /// <summary>Seconds since 1970, as TensorBoard's <c>wall_time</c>.</summary>
    private static double WallTime() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;

    public void Dispose() => _file.Dispose();
}
