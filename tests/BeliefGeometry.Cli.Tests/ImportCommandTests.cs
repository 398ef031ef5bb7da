using System.Text.Json;
using BeliefGeometry.Models;
using BeliefGeometry.Models.Tests.Import;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// <c>belief import</c> in-process on a tiny Mess3 transformer written as torch.save writes it (n_ctx 4: 81 input words,
/// 120 prefixes), then <c>belief probe</c> and <c>belief report</c> on the imported run; and bad inputs refused.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>epsilon-transformers' train_config.json form: no d_mlp (so 4 × d_model = 32), training settings beside the model's.</summary>
    private const string Config = """
        {"seed": 42, "n_ctx": 4, "act_fn": "relu", "d_head": 4, "d_model": 8, "d_vocab": 3, "n_heads": 2, "n_iters": 10, "n_layers": 1, "attn_only": false,
         "optimizer": "sgd", "batch_size": 64, "weight_decay": 0, "attention_dir": "causal", "learning_rate": 0.01, "use_attn_scale": true, "normalization_type": "LN"}
        """;

    /// <summary>A random model of <see cref="Config"/>'s shape saved as a state dict, with TransformerLens's buffers.</summary>
    private string Checkpoint(string name)
    {
        TorchRuntime.Initialize(1);
        using var model = new HookedTransformer(new TransformerConfig { NLayers = 1, DModel = 8, NHeads = 2, DHead = 4, DMlp = 32, DVocab = 3, NCtx = 4 }, seed: 7);
        List<StoredTensor> tensors =
        [
            .. model.named_parameters().Select(p => StoredTensor.Float(p.name, p.parameter.data<float>().ToArray(), p.parameter.shape)),
            new("blocks.0.attn.mask", [4, 4], "BoolStorage", new byte[16]),
            StoredTensor.Float("blocks.0.attn.IGNORE", [-1e5f]),
        ];
        string path = Path.Combine(_files.Directory, name);
        TorchZip.Write(path, tensors);
        return path;
    }

    [Fact]
    public void AnImportedModelIsProbedAndReportedAsImportedNotTrained()
    {
        string pt = Checkpoint("tiny.pt");
        string config = _files.Write("train_config.json", Config);
        string run = Path.Combine(_files.Directory, "run");

        var imported = CliRun.Of("import", pt, "--config", config, "--process", "mess3", "--out", run, "--set", "probe.folds=3", "--set", "training.threads=1");
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Contains("Validation loss against the floor (nats, exact)", imported.Stdout);
        Assert.Contains("mean loss ", imported.Stdout);
        Assert.Contains($"wrote {run} (config.json, model.safetensors, model_config.json, import.json); next: belief probe {run}", imported.Stdout);
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "import.json"))))
        {
            Assert.Equal("tiny.pt", record.RootElement.GetProperty("source").GetString());
            Assert.Equal("sgd", record.RootElement.GetProperty("config_fields").GetProperty("optimizer").GetString());
            Assert.Equal(4, record.RootElement.GetProperty("validation").GetProperty("val_loss").GetArrayLength());
        }
        using (var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model_config.json"))))
            Assert.Equal(32, model.RootElement.GetProperty("d_mlp").GetInt32());
        using (var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
        {
            Assert.Equal("import-tiny", settings.RootElement.GetProperty("name").GetString());
            Assert.Equal(3, settings.RootElement.GetProperty("probe").GetProperty("folds").GetInt32());
            Assert.Equal(1, settings.RootElement.GetProperty("training").GetProperty("threads").GetInt32());
        }

        var probe = CliRun.Of("probe", run);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Contains("Belief-state probes, heldout protocol (120 prefixes", probe.Stdout);
        var report = CliRun.Of("report", run);
        Assert.True(report.ExitCode == 0, report.Stderr);

        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("This model was imported, not trained here: its weights are tiny.pt", html);
        Assert.Contains("Model and import", html);
        Assert.DoesNotContain("Training curve", html);
        Assert.DoesNotContain("Model and training", html);
        Assert.True(File.Exists(Path.Combine(run, "figures", "position_loss.png")));
        Assert.False(File.Exists(Path.Combine(run, "figures", "training.png")));
        Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl")));

        // Training it further would overwrite the imported weights: refused.
        CliRun.Of("train", Path.Combine(run, "config.json"), "--out", run, "--resume").AssertRefused("holds an imported model (import.json)");
    }

    [Fact]
    public void BadInputIsOneLineAndWritesNothing()
    {
        string pt = Checkpoint("tiny.pt");
        string config = _files.Write("train_config.json", Config);
        string garbage = _files.Write("garbage.pt", "PK not really a zip");
        string hostile = Path.Combine(_files.Directory, "hostile.pt");
        TorchZip.WriteArchive(hostile, new PickleBuilder().Proto(2).Global("builtins", "eval").String("print(1)").Op(0x85).Reduce().Stop().ToArray(),
            new Dictionary<string, byte[]>());
        string run = Path.Combine(_files.Directory, "run");

        CliRun.Of("import", garbage, "--config", config, "--process", "mess3", "--out", run).AssertRefused("is not a whole zip archive as torch.save writes");
        CliRun.Of("import", hostile, "--config", config, "--process", "mess3", "--out", run).AssertRefused("names the global 'builtins.eval'");
        CliRun.Of("import", pt, "--config", config, "--process", "rrxor", "--out", run).AssertRefused("process 'rrxor' has 2 tokens but d_vocab in config");
        CliRun.Of("import", pt, "--config", _files.Write("bidirectional.json", Config.Replace("\"causal\"", "\"bidirectional\"")), "--process", "mess3", "--out", run)
            .AssertRefused("field 'attention_dir' is \"bidirectional\"; allowed: \"causal\"");
        CliRun.Of("import", pt, "--process", "mess3", "--out", run).AssertRefused("--config");
        CliRun.Of("import", pt, "--config", config, "--process", "mess3", "--out", run, "--set", "model.n_layers=2")
            .AssertRefused("option '--set model.n_layers=2': the model comes from --config and the process from --process; allowed: name, seed, probe.<field>");
        Assert.False(Directory.Exists(run));
        Assert.DoesNotContain(Directory.GetDirectories(_files.Directory), d => Path.GetFileName(d).StartsWith('.'));

        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "keep.txt"), "");
        CliRun.Of("import", pt, "--config", config, "--process", "mess3", "--out", run).AssertRefused($"run directory '{run}' is not empty");
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(run).Select(Path.GetFileName));
    }
}
