using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BeliefGeometry.Export;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Models.Tests.Training;

/// <summary>
/// The TensorBoard event files, read back by a reader of this test's own (TFRecord framing with both masked CRC32C
/// checksums from a table, the <c>tensorboard.Event</c> protobuf field by field), not by the writer's code.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TensorBoardLogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-tensorboard-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly EvaluationResult Evaluation = new(2, [0.8, 0.7, 0.6], [0.5, 0.4, 0.45], Exact: true);

    [Fact]
    public void TheFirstRecordIsTheFileVersionAndEveryScalarComesBackWithItsTagStepAndValue()
    {
        string dir = Path.Combine(_root, "tb");
        using (var log = TensorBoardLog.Create(dir))
        {
            log.OnTrain(new TrainRecord(1, 128, 0.9123456789, 1e-3, 12345.6));
            log.OnTrain(new TrainRecord(2, 256, 0.85, 2e-3, 23456.7));
            log.OnEval(new EvalRecord(256, Evaluation));
            log.OnTrain(new TrainRecord(3, 384, 0.75, 3e-3, 34567.8));
        }

        string file = Assert.Single(Directory.GetFiles(dir));
        Assert.Matches(new Regex(@"^events\.out\.tfevents\.\d{10}\.[^.\s][^\s]*$"), Path.GetFileName(file));
        var events = ReadEvents(File.ReadAllBytes(file));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Empty(events[0].Values);
        double now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
        Assert.All(events, e => Assert.InRange(e.WallTime, now - 600, now + 1)); // seconds since 1970
        Assert.Equal([0L, 1, 2, 2, 3], events.Select(e => e.Step));

        Assert.Equal(new Dictionary<string, float>
        {
            ["train/loss"] = 0.9123456789f, ["train/lr"] = 1e-3f, ["train/tokens_per_second"] = 12345.6f,
        }, events[1].Values); // no floor known before the first evaluation
        Assert.Equal(new Dictionary<string, float>
        {
            ["val/loss"] = 0.7f, ["val/floor"] = 0.45f, ["val/loss_above_floor"] = 0.25f,
            ["val/loss_pos_0"] = 0.8f, ["val/loss_pos_1"] = 0.7f, ["val/loss_pos_2"] = 0.6f,
        }, events[3].Values, new ToleranceComparer());
        Assert.Equal(new Dictionary<string, float>
        {
            ["train/loss"] = 0.75f, ["train/lr"] = 3e-3f, ["train/tokens_per_second"] = 34567.8f, ["train/loss_above_floor"] = 0.3f,
        }, events[4].Values, new ToleranceComparer());
    }

    [Fact]
    public void EveryEventReachesTheFileAsItIsLogged()
    {
        // A killed run must keep every step up to its checkpoint: events waiting in a buffer would leave a gap after the resume.
        string dir = Path.Combine(_root, "flush");
        using var log = TensorBoardLog.Create(dir);
        Assert.Equal([0L], ReadEvents(ReadShared(log.Path)).Select(e => e.Step));
        log.OnTrain(new TrainRecord(1, 128, 0.9, 1e-3, 1000));
        Assert.Equal([0L, 1], ReadEvents(ReadShared(log.Path)).Select(e => e.Step));
        log.OnTrain(new TrainRecord(2, 256, 0.8, 1e-3, 1000));
        log.OnEval(new EvalRecord(256, Evaluation));
        Assert.Equal([0L, 1, 2, 2], ReadEvents(ReadShared(log.Path)).Select(e => e.Step));
    }

    [Fact]
    public void EveryCorruptedByteIsCaughtByAChecksum()
    {
        string dir = Path.Combine(_root, "corrupt");
        using (var log = TensorBoardLog.Create(dir))
        {
            log.OnTrain(new TrainRecord(1, 128, 0.9, 1e-3, 1000));
            log.OnEval(new EvalRecord(128, Evaluation with { Step = 1 }));
        }
        byte[] bytes = File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir)));
        Assert.Equal(3, ReadEvents(bytes).Count);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] corrupt = (byte[])bytes.Clone();
            corrupt[i] ^= 0x10;
            Assert.Throws<InvalidDataException>(() => ReadRecords(corrupt));
        }
    }

    [Fact]
    public void ResumeDropsTheStepsAfterTheCheckpointAndATornLastRecord()
    {
        string dir = Path.Combine(_root, "resume");
        using (var log = TensorBoardLog.Create(dir))
        {
            for (int step = 1; step <= 10; step++)
            {
                log.OnTrain(new TrainRecord(step, step * 128, 1.0 / step, 1e-3, 1000));
                if (step % 5 == 0) log.OnEval(new EvalRecord(step * 128, Evaluation with { Step = step }));
            }
        }
        string file = Assert.Single(Directory.GetFiles(dir));
        using (var killed = new FileStream(file, FileMode.Append)) // a kill in the middle of the next record
            killed.Write(File.ReadAllBytes(file).AsSpan(0, 30));
        Assert.Throws<InvalidDataException>(() => ReadRecords(File.ReadAllBytes(file)));
        File.WriteAllText(file + AtomicFile.TemporarySuffix, "left by a kill during an earlier resume");

        using (var log = TensorBoardLog.Resume(dir, 6))
        {
            Assert.Equal(file, log.Path);
            log.OnTrain(new TrainRecord(7, 7 * 128, 0.25, 1e-3, 1000));
            log.OnTrain(new TrainRecord(8, 8 * 128, 0.2, 1e-3, 1000));
        }

        Assert.Equal([file], Directory.GetFiles(dir));
        var events = ReadEvents(File.ReadAllBytes(file));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 5, 6, 7, 8], events.Select(e => e.Step));
        Assert.Equal((float)(1.0 / 6), events[^3].Values["train/loss"]);
        // The floor of the evaluation before the checkpoint still gives the loss above it.
        Assert.Equal(0.25f - 0.45f, events[^2].Values["train/loss_above_floor"], 1e-6f);
    }

    [Fact]
    public void ResumeWithoutEventFilesStartsOne()
    {
        string dir = Path.Combine(_root, "none");
        using (var log = TensorBoardLog.Resume(dir, 4))
            log.OnTrain(new TrainRecord(5, 640, 0.5, 1e-3, 1000));
        var events = ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir))));
        Assert.Equal([(0L, "brain.Event:2"), (5L, null)], events.Select(e => (e.Step, e.FileVersion)));
    }

    /// <summary>A tiny transformer on the golden mean process, n_ctx 4 (as in <see cref="TrainerTests"/>).</summary>
    private static ExperimentConfig Tiny(params string[] sets) => ExperimentFile.Parse(
        $$"""
        {
          "name": "tiny", "seed": 3, "process": "golden_mean:p=0.5",
          "model": { "kind": "transformer", "n_layers": 1, "d_model": 16, "n_heads": 2, "d_head": 8, "d_mlp": 32, "d_vocab": 2, "n_ctx": 4 },
          "training": { "lr": 1e-2, "batch_size": 32, "steps": 40, "eval_every": 20, "checkpoint_every": 10, "threads": {{TorchCollection.Threads}} }
        }
        """, "experiment 'tiny'", sets);

    [Fact]
    public void AKilledAndResumedTrainingRunLogsEveryStepOnceAsMetricsJsonlHasIt()
    {
        string dir = Path.Combine(_root, "run");
        string checkpoint = Path.Combine(dir, "checkpoints", "latest.ckpt"), saved = Path.Combine(_root, "step10.ckpt");
        using (var trainer = new Trainer(Tiny(), dir) { StopAfterStep = 10 }) trainer.Run();
        File.Copy(checkpoint, saved);
        using (var trainer = new Trainer(Tiny(), dir) { StopAfterStep = 17 }) trainer.Run(resume: true);
        File.Copy(saved, checkpoint, overwrite: true); // as if killed after step 17 with the checkpoint of step 10
        using (var trainer = new Trainer(Tiny(), dir))
        {
            var result = trainer.Run(resume: true);
            Assert.Equal((10L, 40L), (result.ResumedFromStep, result.Step));
        }

        var metrics = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var events = ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(dir, "tensorboard")))));
        var losses = events.Where(e => e.Values.ContainsKey("train/loss")).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(s => (long)s), losses.Select(e => e.Step));
        Assert.Equal(metrics.Where(m => m.GetProperty("kind").GetString() == "train").Select(m => (float)m.GetProperty("loss").GetDouble()),
            losses.Select(e => e.Values["train/loss"]));
        var evals = events.Where(e => e.Values.ContainsKey("val/loss")).ToList();
        Assert.Equal([20L, 40L], evals.Select(e => e.Step));
        Assert.Equal(metrics.Where(m => m.GetProperty("kind").GetString() == "eval").Select(m => (float)m.GetProperty("mean_val_loss").GetDouble()),
            evals.Select(e => e.Values["val/loss"]));
        Assert.Equal(Enumerable.Range(1, 40).Select(s => s > 20), losses.Select(e => e.Values.ContainsKey("train/loss_above_floor")));
        Assert.Empty(Directory.GetFiles(dir, "*" + AtomicFile.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public void TensorBoardFalseWritesNoTensorBoardFolderAndMayChangeOnResume()
    {
        string dir = Path.Combine(_root, "off");
        using (var trainer = new Trainer(Tiny("training.tensorboard=false", "training.steps=6", "training.checkpoint_every=3"), dir) { StopAfterStep = 3 })
            trainer.Run();
        Assert.True(File.Exists(Path.Combine(dir, "metrics.jsonl")));
        Assert.False(Directory.Exists(Path.Combine(dir, "tensorboard")));
        Assert.Contains("\"tensorboard\": false", File.ReadAllText(Path.Combine(dir, "config.json")));

        using (var trainer = new Trainer(Tiny("training.steps=6", "training.checkpoint_every=3"), dir))
            Assert.Equal(6, trainer.Run(resume: true).Step);
        var events = ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(dir, "tensorboard")))));
        Assert.Equal([4L, 5, 6], events.Where(e => e.Values.ContainsKey("train/loss")).Select(e => e.Step));
    }

    [Fact]
    public void AConfigJsonWithoutTheFieldWritesTensorBoardFiles()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Tiny("training.tensorboard=false").ToJson())!;
        Assert.True(json["training"]!.AsObject().Remove("tensorboard"));
        Assert.True(ExperimentFile.Parse(json.ToJsonString(), "config.json").Training.TensorBoard);
    }

    // ---- An independent reader ----

    private sealed record Event(double WallTime, long Step, string? FileVersion, Dictionary<string, float> Values);

    private static List<Event> ReadEvents(byte[] file) => ReadRecords(file).Select(ParseEvent).ToList();

    /// <summary>TFRecords: uint64 length | uint32 masked CRC32C(length) | data | uint32 masked CRC32C(data), little-endian.</summary>
    private static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        for (int at = 0; at < file.Length;)
        {
            if (file.Length - at < 12) throw new InvalidDataException($"a header cut short at {at}");
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)) != MaskedCrc32C(file.AsSpan(at, 8))) throw new InvalidDataException($"the length's checksum at {at}");
            long length = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(at));
            if (length < 0 || length > file.Length - at - 16) throw new InvalidDataException($"a record cut short at {at}");
            byte[] data = file.AsSpan(at + 12, (int)length).ToArray();
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)) != MaskedCrc32C(data)) throw new InvalidDataException($"the data's checksum at {at}");
            records.Add(data);
            at += 16 + (int)length;
        }
        return records;
    }

    private static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
            crc = Crc32CTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static readonly uint[] Crc32CTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1; // Castagnoli, reflected
        return c;
    }).ToArray();

    [Fact]
    public void TheTestsCrc32CIsCastagnolis() =>
        Assert.Equal(0xE3069283u, Unmask(MaskedCrc32C("123456789"u8))); // the standard check value

    private static uint Unmask(uint masked)
    {
        uint rotated = masked - 0xa282ead8;
        return (rotated << 15) | (rotated >> 17);
    }

    /// <summary>Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5 }.</summary>
    private static Event ParseEvent(byte[] data)
    {
        double wallTime = double.NaN;
        long step = 0;
        string? version = null;
        var values = new Dictionary<string, float>();
        foreach (var (field, wire, payload, number) in Fields(data))
        {
            switch (field, wire)
            {
                case (1, 1): wallTime = BitConverter.Int64BitsToDouble((long)number); break;
                case (2, 0): step = (long)number; break;
                case (3, 2): version = Encoding.UTF8.GetString(payload); break;
                case (5, 2):
                    // Summary { repeated Value value = 1 }, Value { string tag = 1; float simple_value = 2 }
                    foreach (var value in Fields(payload).Where(f => f.Field == 1))
                    {
                        var parts = Fields(value.Payload).ToList();
                        values.Add(Encoding.UTF8.GetString(parts.Single(p => p.Field == 1).Payload),
                            BitConverter.Int32BitsToSingle((int)parts.Single(p => p.Field == 2 && p.Wire == 5).Number));
                    }
                    break;
                default: throw new InvalidDataException($"unexpected field {field} of wire type {wire}");
            }
        }
        return new Event(wallTime, step, version, values);
    }

    /// <summary>Protobuf fields: varints (0), fixed64 (1), length-delimited (2), fixed32 (5).</summary>
    private static IEnumerable<(int Field, int Wire, byte[] Payload, ulong Number)> Fields(byte[] data)
    {
        int at = 0;
        while (at < data.Length)
        {
            ulong key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, [], Varint(data, ref at)); break;
                case 1: yield return (field, wire, [], BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8))); at += 8; break;
                case 5: yield return (field, wire, [], BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4))); at += 4; break;
                case 2:
                    int length = checked((int)Varint(data, ref at));
                    yield return (field, wire, data[at..(at + length)], 0);
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Dictionary entries equal in key, and in value to float32 rounding of a difference (1e-6).</summary>
    private sealed class ToleranceComparer : IEqualityComparer<KeyValuePair<string, float>>
    {
        public bool Equals(KeyValuePair<string, float> x, KeyValuePair<string, float> y) => x.Key == y.Key && Math.Abs(x.Value - y.Value) <= 1e-6f;

        public int GetHashCode(KeyValuePair<string, float> pair) => pair.Key.GetHashCode(StringComparison.Ordinal);
    }
}
