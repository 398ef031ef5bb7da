using BeliefGeometry.Data;
using BeliefGeometry.Models.Experiments;
using BeliefGeometry.Probing;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;

namespace BeliefGeometry.Models.Tests.Experiments;

public sealed class ExperimentFileTests
{
    private static string ExperimentsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeliefGeometry.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "experiments");
    }

    private static string Shipped(string name) => Path.Combine(ExperimentsDirectory(), name);

    /// <summary>A small valid experiment; <paramref name="training"/> and <paramref name="extra"/> are spliced in.</summary>
    private static string Minimal(string model = """{ "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 }""",
        string training = """{ "steps": 10 }""", string extra = "") =>
        $$"""{ "name": "t", "process": "mess3", "model": {{model}}, "training": {{training}} {{extra}} }""";

    private static ExperimentException Rejects(string json, IEnumerable<string>? sets = null)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Parse(json, "experiment 't.json'", sets));
        Assert.StartsWith("experiment 't.json'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        return error;
    }

    [Fact]
    public void Mess3FileIsThePublishedSetUp()
    {
        var config = ExperimentFile.Load(Shipped("mess3.json"));
        Assert.Equal("mess3", config.Name);
        Assert.Equal("mess3:x=0.05,a=0.85", config.Process);
        Assert.Equal(new DataConfig { Mode = "exact", Bos = false }, config.Data);
        Assert.Equal("transformer", config.Model.Kind);
        Assert.Equal(TransformerConfig.Mess3Paper, config.Model.Transformer);
        Assert.Null(config.Model.Recurrent);
        Assert.Equal(("adam", 1e-3, 256, "cosine"), (config.Training.Optimizer, config.Training.Lr, config.Training.BatchSize, config.Training.Schedule));
        Assert.Equal(3907, config.TotalSteps); // ⌈10M / (256 × 10)⌉
        Assert.Equal(new ProbeConfig(), config.Probe);
    }

    [Fact]
    public void RrxorFileIsThePublishedSetUp()
    {
        var config = ExperimentFile.Load(Shipped("rrxor.json"));
        Assert.Equal(TransformerConfig.RrxorPaper, config.Model.Transformer);
        Assert.Equal("rrxor:p1=0.5,p2=0.5", config.Process);
    }

    [Fact]
    public void Mess3SgdPresetIsThePublishedOptimizerOnThePublishedModel()
    {
        var config = ExperimentFile.Load(Shipped("mess3-sgd.json"));
        Assert.Equal(TransformerConfig.Mess3Paper, config.Model.Transformer);
        Assert.Equal(("sgd", 1e-2, 64, "constant"), (config.Training.Optimizer, config.Training.Lr, config.Training.BatchSize, config.Training.Schedule));
    }

    [Theory]
    [InlineData("mess3.json")]
    [InlineData("mess3-sgd.json")]
    [InlineData("mess3-long.json")]
    [InlineData("rrxor.json")]
    public void ShippedFilesRoundTrip(string name)
    {
        var config = ExperimentFile.Load(Shipped(name));
        string json = config.ToJson();
        var again = ExperimentFile.Parse(json, "config.json");
        Assert.Equal(config, again);
        Assert.Equal(json, again.ToJson());
    }

    [Fact]
    public void ToJsonWritesEveryDefault()
    {
        var config = ExperimentFile.Parse(Minimal(), "t");
        string json = config.ToJson();
        foreach (string field in ExperimentFile.TrainingFields.Except(["tokens"]).Concat(ExperimentFile.ProbeFields).Concat(ExperimentFile.DataFields)
                     .Concat(ExperimentFile.TransformerFields).Concat(ExperimentFile.Fields))
            Assert.Contains($"\"{field}\":", json);
        Assert.Equal(new TrainingConfig { Steps = 10 }, config.Training);
        Assert.Equal(0, config.Seed);
        Assert.Equal(config, ExperimentFile.Parse(json, "t"));
    }

    [Fact]
    public void RecurrentModelsParseAndRoundTrip()
    {
        var config = ExperimentFile.Parse(Minimal(model: """{ "kind": "gru", "hidden_size": 32, "d_vocab": 3, "n_ctx": 4 }"""), "t");
        Assert.Equal("gru", config.Model.Kind);
        Assert.Equal(new RecurrentConfig { Kind = "gru", HiddenSize = 32, NLayers = 1, DVocab = 3, NCtx = 4 }, config.Model.Recurrent);
        Assert.Equal(config, ExperimentFile.Parse(config.ToJson(), "t"));
    }

    [Fact]
    public void CommentsAndTrailingCommasAreAllowed()
    {
        string json = """
            // leading comment
            { "name": "t", /* inline */ "process": "mess3",
              "model": { "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 1, "d_head": 8, "d_mlp": 8, "d_vocab": 3, "n_ctx": 4, },
              "training": { "steps": 5, }, // trailing
            }
            """;
        Assert.Equal(5, ExperimentFile.Parse(json, "t").TotalSteps);
    }

    [Fact]
    public void TokensBecomeStepsRoundingUp()
    {
        var config = ExperimentFile.Parse(Minimal(training: """{ "tokens": 1e3, "batch_size": 16 }"""), "t");
        Assert.Equal(1000, config.Training.Tokens);
        Assert.Equal(16, config.TokensPerStep / 4);
        Assert.Equal(16, config.TotalSteps); // ⌈1000 / 64⌉
    }

    // ---- overrides ----

    [Fact]
    public void OverridesSetNumbersBooleansStringsAndNestedFields()
    {
        var config = ExperimentFile.Load(Shipped("mess3.json"),
            ["training.lr=3e-4", "model.n_layers=2", "data.bos=true", "model.d_vocab=4", "training.optimizer=sgd", "name=\"mess3-sgd\"", "seed=7"]);
        Assert.Equal(3e-4, config.Training.Lr);
        Assert.Equal(2, config.Model.Transformer!.NLayers);
        Assert.True(config.Data.Bos);
        Assert.Equal(4, config.Model.DVocab);
        Assert.Equal("sgd", config.Training.Optimizer);
        Assert.Equal("mess3-sgd", config.Name);
        Assert.Equal(7, config.Seed);
    }

    [Fact]
    public void ProcessOverrideIsAPlainStringEvenWithEqualsSigns()
    {
        var config = ExperimentFile.Load(Shipped("rrxor.json"), ["process=rrxor"]);
        Assert.Equal("rrxor", config.Process);
        var mess3 = ExperimentFile.Load(Shipped("mess3.json"), ["process=mess3:x=0.1,a=0.6"]);
        Assert.Equal("mess3:x=0.1,a=0.6", mess3.Process);
    }

    [Fact]
    public void OverrideCanSetAFieldTheFileLeavesOutAndNullRestoresTheDefault()
    {
        var config = ExperimentFile.Parse(Minimal(), "t", ["probe.folds=3", "training.grad_clip=1", "training.threads=null"]);
        Assert.Equal(3, config.Probe.Folds);
        Assert.Equal(1.0, config.Training.GradClip);
        Assert.Null(config.Training.Threads);
        var unclipped = ExperimentFile.Parse(config.ToJson(), "t", ["training.grad_clip=null"]);
        Assert.Null(unclipped.Training.GradClip);
    }

    [Fact]
    public void SettingTokensReplacesSteps()
    {
        var config = ExperimentFile.Parse(Minimal(), "t", ["training.tokens=640"]);
        Assert.Null(config.Training.Steps);
        Assert.Equal(640, config.Training.Tokens);
        var back = ExperimentFile.Parse(config.ToJson(), "t", ["training.steps=3"]);
        Assert.Equal((3L, (long?)null), (back.TotalSteps, back.Training.Tokens));
    }

    [Fact]
    public void OverridesApplyInOrderAndLaterOnesWin()
    {
        var config = ExperimentFile.Parse(Minimal(), "t", ["training.lr=0.5", "training.lr=0.25"]);
        Assert.Equal(0.25, config.Training.Lr);
    }

    [Fact]
    public void ApplyReturnsTheOverriddenJson()
    {
        string json = ExperimentFile.Apply(Minimal(), ["training.lr=3e-4", "data.bos=true"]);
        Assert.Contains("\"lr\": 3e-4", json); // the override's own text
        Assert.Contains("\"bos\": true", json);
    }

    [Theory]
    [InlineData("training.lrr=1", "unknown field 'training.lrr'")]
    [InlineData("trainer.lr=1", "unknown field 'trainer.lr'")]
    [InlineData("name.x=1", "unknown field 'name.x'")]
    [InlineData("training.lr.x=1", "unknown field 'training.lr.x'")]
    [InlineData("training.lr", "expected path=value")]
    public void BadOverridePathsAreNamed(string set, string expected)
    {
        var error = Rejects(Minimal(), [set]);
        Assert.Contains($"--set {set}", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void BadOverrideValuesGetTheSameErrorNamingTheOverride()
    {
        var error = Rejects(Minimal(), ["training.lr=-0.001"]);
        Assert.Equal("experiment 't.json', --set training.lr=-0.001: field 'training.lr' is -0.001; allowed: a number > 0", error.Message);
        var process = Rejects(Minimal(), ["process=rrxor"]);
        Assert.Contains("--set process=rrxor", process.Message);
        Assert.Contains("field 'model.d_vocab' is 3; allowed: 2", process.Message);
    }

    [Fact]
    public void ErrorsInTheFileDoNotBlameAnUnrelatedOverride()
    {
        var error = Rejects(Minimal(training: """{ "steps": 10, "lr": 0 }"""), ["seed=3"]);
        Assert.Equal("experiment 't.json': field 'training.lr' is 0; allowed: a number > 0", error.Message);
    }

    // ---- validation ----

    [Theory]
    [InlineData("""{ "steps": 10, "lr": -0.001 }""", "field 'training.lr' is -0.001; allowed: a number > 0")]
    [InlineData("""{ "steps": 10, "lr": "fast" }""", "field 'training.lr' is \"fast\"; allowed: a number > 0")]
    [InlineData("""{ "steps": 10, "lr": null }""", "field 'training.lr' is null; allowed: a number > 0")]
    [InlineData("""{ "steps": 10, "batch_size": 0 }""", "field 'training.batch_size' is 0; allowed: an integer ≥ 1")]
    [InlineData("""{ "steps": 10, "batch_size": 2.5 }""", "field 'training.batch_size' is 2.5; allowed: an integer ≥ 1")]
    [InlineData("""{ "steps": 10, "optimizer": "lion" }""", "field 'training.optimizer' is \"lion\"; allowed: adam, adamw, sgd")]
    [InlineData("""{ "steps": 10, "schedule": "linear" }""", "field 'training.schedule' is \"linear\"; allowed: constant, cosine")]
    [InlineData("""{ "steps": 10, "momentum": 1 }""", "field 'training.momentum' is 1; allowed: a number in [0, 1)")]
    [InlineData("""{ "steps": 10, "betas": [0.9] }""", "field 'training.betas' is [0.9]; allowed: two numbers in [0, 1)")]
    [InlineData("""{ "steps": 10, "device": "gpu" }""", "field 'training.device' is \"gpu\"; allowed:")]
    [InlineData("""{ "steps": 10, "threads": 0 }""", "field 'training.threads' is 0; allowed: an integer ≥ 1")]
    [InlineData("""{ "steps": 10, "grad_clip": -1 }""", "field 'training.grad_clip' is -1; allowed: a number > 0")]
    [InlineData("""{ "steps": 0 }""", "field 'training.steps' is 0; allowed: an integer ≥ 1")]
    [InlineData("""{ }""", "field 'training.steps' is missing")]
    [InlineData("""{ "steps": 10, "tokens": 100 }""", "fields 'training.steps' and 'training.tokens' are both set")]
    [InlineData("""{ "steps": 10, "lrr": 1 }""", "unknown field 'training.lrr'; allowed: optimizer, lr,")]
    [InlineData("""3""", "field 'training' is 3; allowed: an object with fields")]
    public void BadTrainingFieldsAreNamed(string training, string expected)
    {
        var error = Rejects(Minimal(training: training));
        Assert.Contains($"experiment 't.json': {expected}", error.Message);
    }

    [Theory]
    [InlineData("\"n_ctx\": 0", "field 'model.n_ctx' is 0; allowed: an integer ≥ 1")]
    [InlineData("\"n_ctx\": \"ten\"", "field 'model.n_ctx' is \"ten\"; allowed: an integer ≥ 1")]
    [InlineData("\"d_model\": 9", "field 'model.n_heads' is 2; allowed: a divisor of d_model = 9")]
    [InlineData("\"n_heads\": 3", "field 'model.n_heads' is 3; allowed: a divisor of d_model = 8")]
    [InlineData("\"d_vocab\": 4", "field 'model.d_vocab' is 4; allowed: 3 (process 'mess3:x=0.05,a=0.85' has 3 tokens, no BOS)")]
    [InlineData("\"act_fn\": \"tanh\"", "field 'model.act_fn' is \"tanh\"; allowed: relu, gelu")]
    [InlineData("\"normalization_type\": \"RMS\"", "field 'model.normalization_type' is \"RMS\"; allowed: \"LN\", or null")]
    [InlineData("\"hidden_size\": 8", "field 'model.hidden_size' does not apply to kind 'transformer'")]
    [InlineData("\"dropout\": 0.1", "unknown field 'model.dropout'; allowed: kind, n_layers,")]
    public void BadModelFieldsAreNamed(string replacement, string expected)
    {
        string field = replacement[..replacement.IndexOf(':')];
        string model = """{ "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 }""";
        model = model.Contains(field) ? System.Text.RegularExpressions.Regex.Replace(model, field + @": [^,}]+", replacement) : model.Replace("}", ", " + replacement + " }");
        var error = Rejects(Minimal(model: model));
        Assert.Contains($"experiment 't.json': {expected}", error.Message);
    }

    [Fact]
    public void VocabularyCountsTheBosToken()
    {
        var error = Rejects(Minimal(extra: """, "data": { "bos": true }"""));
        Assert.Contains("field 'model.d_vocab' is 3; allowed: 4 (process 'mess3:x=0.05,a=0.85' has 3 tokens, plus 1 for BOS)", error.Message);
        var config = ExperimentFile.Parse(Minimal(extra: """, "data": { "bos": true }"""), "t", ["model.d_vocab=4"]);
        Assert.Equal(4, config.Model.DVocab);
    }

    [Theory]
    [InlineData("""{ "kind": "gru", "d_vocab": 3, "n_ctx": 4 }""", "field 'model.hidden_size' is missing; allowed: an integer ≥ 1")]
    [InlineData("""{ "kind": "lstm", "hidden_size": 8, "d_vocab": 3, "n_ctx": 4, "d_model": 8 }""", "field 'model.d_model' does not apply to kind 'lstm'")]
    [InlineData("""{ "kind": "gru", "hidden_size": 8, "d_vocab": 3, "n_ctx": 4, "nonlinearity": "relu" }""", "field 'model.nonlinearity': nonlinearity applies to kind \"rnn\" only")]
    [InlineData("""{ "kind": "mamba" }""", "field 'model.kind' is \"mamba\"; allowed: transformer, rnn, gru, lstm")]
    [InlineData("""{ "n_layers": 2 }""", "field 'model.kind' is missing; allowed: transformer, rnn, gru, lstm")]
    public void BadRecurrentAndKindFieldsAreNamed(string model, string expected)
    {
        var error = Rejects(Minimal(model: model));
        Assert.Contains($"experiment 't.json': {expected}", error.Message);
    }

    [Theory]
    [InlineData("""{ "process": "mess3", "model": {}, "training": { "steps": 1 } }""", "field 'name' is missing")]
    [InlineData("""{ "name": "t", "model": {}, "training": { "steps": 1 } }""", "field 'process' is missing")]
    [InlineData("""{ "name": "t", "process": "mess3", "training": { "steps": 1 } }""", "field 'model' is missing; allowed: an object with fields")]
    [InlineData("""{ "name": "a/b", "process": "mess3", "training": { "steps": 1 } }""", "field 'name' is \"a/b\"; allowed: a name of letters")]
    [InlineData("""{ "name": "t", "process": "mess3", "model": {}, "extra": 1 }""", "unknown field 'extra'; allowed: name, seed, process, data, model, training, probe")]
    [InlineData("""{ "name": "t", "seed": -1 }""", "field 'seed' is -1; allowed: an integer ≥ 0")]
    [InlineData("""[1, 2]""", "the top level must be a JSON object")]
    public void BadTopLevelFieldsAreNamed(string json, string expected)
    {
        var error = Rejects(json);
        Assert.Contains($"experiment 't.json': {expected}", error.Message);
    }

    [Theory]
    [InlineData(""", "data": { "mode": "sampled" }""", "field 'data.mode' is \"sampled\"; allowed: exact, stream")]
    [InlineData(""", "data": { "bos": "yes" }""", "field 'data.bos' is \"yes\"; allowed: true or false")]
    [InlineData(""", "probe": { "train_fraction": 1 }""", "field 'probe.train_fraction' is 1; allowed: a number in (0, 1)")]
    [InlineData(""", "probe": { "folds": 1 }""", "field 'probe.folds' is 1; allowed: an integer ≥ 2")]
    [InlineData(""", "probe": { "shuffle": true }""", "unknown field 'probe.shuffle'; allowed: train_fraction, folds, shuffle_control, ridge")]
    public void BadDataAndProbeFieldsAreNamed(string extra, string expected)
    {
        var error = Rejects(Minimal(extra: extra));
        Assert.Contains($"experiment 't.json': {expected}", error.Message);
    }

    [Fact]
    public void UnknownProcessWrapsTheProcessError()
    {
        var error = Rejects(Minimal().Replace("\"mess3\"", "\"mess4:x=1\""));
        Assert.Contains("experiment 't.json': field 'process': process 'mess4:x=1': unknown process 'mess4'", error.Message);
        var range = Rejects(Minimal(), ["process=mess3:x=2"]);
        Assert.Contains("experiment 't.json', --set process=mess3:x=2: field 'process': process 'mess3:x=2': parameter 'x' = 2 is out of range", range.Message);
    }

    [Fact]
    public void TruncatedJsonIsRejectedWithItsLine()
    {
        string json = Minimal();
        string truncated = json[..(json.IndexOf("\"training\"", StringComparison.Ordinal))].Replace(", \"model\"", ",\n\n \"model\"");
        var error = Rejects(truncated);
        Assert.Matches(@"^experiment 't\.json': malformed JSON at line 3, position \d+$", error.Message);
    }

    [Fact]
    public void DuplicateFieldsAreRejected()
    {
        var error = Rejects("""{ "name": "t",\n "name": "u" }""".Replace("\\n", "\n"));
        Assert.Equal("experiment 't.json': a field is given twice: 'name' at line 2, position 2; each field may appear once in an object", error.Message);
    }

    [Fact]
    public void NewlinesInValuesNeverBreakTheOneLineMessage()
    {
        var error = Rejects(Minimal().Replace("\"mess3\"", "\"mess4\\nsecond line\""));
        Assert.Contains("unknown process", error.Message);
    }

    [Fact]
    public void MissingFileIsAnExperimentError()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load("/nonexistent/x.json"));
        Assert.Equal("experiment '/nonexistent/x.json': file not found", error.Message);
        Assert.IsAssignableFrom<InputException>(error);
    }
}
