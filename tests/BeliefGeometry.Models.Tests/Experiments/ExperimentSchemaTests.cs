using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Models.Tests.Experiments;

/// <summary>The schema as the one source of the README, and the checks made before any work (issue 9's hardening).</summary>
public sealed class ExperimentSchemaTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("belief-schema-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeliefGeometry.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine([dir.FullName, .. parts]);
    }

    /// <summary>The families the README documents (a test may register more).</summary>
    private static readonly ModelFamily[] BuiltIn = [ModelFamilies.Transformer, ModelFamilies.Recurrent];

    private const string Model = """{ "kind": "transformer", "n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_mlp": 16, "d_vocab": 3, "n_ctx": 4 }""";

    private static string Minimal(string process = "mess3", string model = Model) =>
        $$"""{ "name": "t", "process": "{{process}}", "model": {{model}}, "training": { "steps": 10 } }""";

    private static string Rejects(string json, params string[] sets)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Parse(json, "experiment 't.json'", sets, probes: true));
        Assert.StartsWith("experiment 't.json'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 600, $"{error.Message.Length} characters");
        return error.Message;
    }

    [Fact]
    public void ReadmeTablesAreTheSchemasTables()
    {
        string readme = File.ReadAllText(RepositoryFile("experiments", "README.md")).ReplaceLineEndings("\n");
        foreach (var (section, table) in ExperimentSchema.MarkdownTables(BuiltIn))
            Assert.True(readme.Contains("\n\n" + table + "\n", StringComparison.Ordinal) || readme.EndsWith("\n\n" + table, StringComparison.Ordinal),
                $"experiments/README.md: the table of '{section}' differs from the schema's; it should read:\n{table}");
        // Every table row of the README is one of the schema's rows: a field cannot linger after it is removed.
        var rows = ExperimentSchema.MarkdownTables(BuiltIn).SelectMany(t => t.Table.Split('\n')).ToHashSet();
        // (The table of experiment files, whose rows start with a file name such as `mess3.json`, is not a schema table,
        // and neither is the sweep-file table of the last section, which the sweep tests check.)
        string experimentPart = readme[..readme.IndexOf("\n## Sweep files\n", StringComparison.Ordinal)];
        Assert.All(experimentPart.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal) && !l.Split('|')[1].Trim().EndsWith(".json`", StringComparison.Ordinal)),
            line => Assert.Contains(line, rows));
    }

    [Fact]
    public void EveryFieldIsWrittenReadAndDocumentedOnce()
    {
        // The schema's field lists are the allowed fields, the config.json fields and the README rows.
        var config = ExperimentFile.Parse(Minimal(), "t");
        var json = System.Text.Json.Nodes.JsonNode.Parse(config.ToJson())!.AsObject();
        Assert.Equal(ExperimentFile.Fields, json.Select(p => p.Key));
        Assert.Equal(ExperimentFile.TrainingFields.Except(["tokens"]), json["training"]!.AsObject().Select(p => p.Key));
        Assert.Equal(ExperimentFile.TransformerFields, json["model"]!.AsObject().Select(p => p.Key));
        Assert.Equal(ExperimentFile.ProbeFields, json["probe"]!.AsObject().Select(p => p.Key));
        string tables = string.Concat(ExperimentSchema.MarkdownTables(BuiltIn).Select(t => t.Table));
        foreach (string field in ExperimentFile.Fields.Concat(ExperimentFile.TrainingFields).Concat(ExperimentFile.ProbeFields)
                     .Concat(ExperimentFile.DataFields).Concat(ExperimentFile.TransformerFields).Concat(ExperimentFile.RecurrentFields))
            Assert.Contains($"| `{field}` |", tables);
    }

    [Fact]
    public void DefaultsInTheReadmeAreTheRecordsDefaults()
    {
        string training = ExperimentSchema.Training.MarkdownTable();
        Assert.Contains("| `batch_size` | integer | `256` |", training);
        Assert.Contains("| `lr` | number | `0.001` |", training);
        Assert.Contains("| `betas` | [number, number] | `[0.9, 0.999]` |", training);
        Assert.Contains("| `threads` | integer or null | `null` |", training);
        Assert.Contains("| `eps` | number | `1e-05` |", ModelFamilies.Transformer.MarkdownTable());
        Assert.Contains("| `n_layers` | integer | `1` |", ModelFamilies.Recurrent.MarkdownTable());
    }

    // ---- JSON structure ----

    [Fact]
    public void ANestedDuplicateIsNamedByPathAndPosition()
    {
        string json = Minimal().Replace("\"steps\": 10", "\"steps\": 10,\n   \"steps\": 11");
        Assert.Equal("experiment 't.json': a field is given twice: 'training.steps' at line 2, position 4; each field may appear once in an object", Rejects(json));
    }

    [Fact]
    public void DeepJsonIsTooDeepNotMalformed()
    {
        string json = new string('[', 100_000) + new string(']', 100_000);
        Assert.Equal("experiment 't.json': nested too deeply at line 1, position 65; at most 64 levels of objects and arrays are allowed", Rejects(json));
        string inSet = Rejects(Minimal(), "training.betas=" + new string('[', 100_000));
        Assert.Contains("field 'training.betas' is", inSet);
    }

    [Fact]
    public void A50MegabyteValueIsCutShort()
    {
        string huge = new('x', 50_000_000);
        Assert.Contains("field 'process'", Rejects(Minimal(process: huge)));
        Assert.Contains("field 'name'", Rejects(Minimal().Replace("\"name\": \"t\"", $"\"name\": \"{huge}/\"")));
    }

    // ---- settings that cannot work together ----

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void MomentumIsRefusedWithAdam(string optimizer)
    {
        Assert.Equal($"experiment 't.json', --set training.momentum=0.9: field 'training.momentum' is 0.9; allowed: 0 with optimizer {optimizer} (momentum is SGD's; Adam's are 'training.betas')",
            Rejects(Minimal(), $"training.optimizer={optimizer}", "training.momentum=0.9"));
        Assert.Equal(0.9, ExperimentFile.Parse(Minimal(), "t", ["training.optimizer=sgd", "training.momentum=0.9"]).Training.Momentum);
    }

    [Fact]
    public void BetasAreRefusedWithSgd()
    {
        Assert.Contains("field 'training.betas' is [0.8, 0.99]; allowed: the default [0.9, 0.999] with optimizer sgd",
            Rejects(Minimal(), "training.optimizer=sgd", "training.betas=[0.8, 0.99]"));
        Assert.Equal((0.8, 0.99), ExperimentFile.Parse(Minimal(), "t", ["training.betas=[0.8, 0.99]"]).Training.Betas);
    }

    [Fact]
    public void ThreadsAreBounded()
    {
        Assert.Equal("experiment 't.json', --set training.threads=100000: field 'training.threads' is 100000; allowed: an integer ≥ 1 and ≤ 256, or null for every core",
            Rejects(Minimal(), "training.threads=100000"));
        Assert.Equal(256, ExperimentFile.Parse(Minimal(), "t", ["training.threads=256"]).Training.Threads);
    }

    [Theory]
    [InlineData("100000000")]
    [InlineData("2000000000")]
    public void BatchSizeIsBoundedByTheTokensOfAStep(string batch)
    {
        // n_ctx 4: at most 2^18 / 4 = 65,536 sequences a step.
        Assert.Equal($"experiment 't.json', --set training.batch_size={batch}: field 'training.batch_size' is {batch}; allowed: batch_size × model.n_ctx ≤ 262,144 target tokens per step, so at most 65,536 with n_ctx 4",
            Rejects(Minimal(), $"training.batch_size={batch}"));
        Assert.Equal(65_536, ExperimentFile.Parse(Minimal(), "t", ["training.batch_size=65536"]).Training.BatchSize);
    }

    [Fact]
    public void ALongContextIsRefusedByTheCostOfItsWords()
    {
        // Mess3 emits every word: 3^L of length L. Prefixes up to length m + 1: (3^(m+2) − 3)/2 ≤ 20M ⇔ m ≤ 13;
        // exact words 3^(m+1)·(m+1) ≤ 50M tokens ⇔ m ≤ 12.
        Assert.Equal("experiment 't.json', --set model.n_ctx=100000: field 'model.n_ctx' is 100000; allowed: at most 12 for process 'mess3:x=0.05,a=0.85' with exact data (its words up to length n_ctx + 1 must stay within 20,000,000 prefixes and 50,000,000 tokens of exact data)",
            Rejects(Minimal(), "model.n_ctx=100000"));
        Assert.Contains("allowed: at most 13 for process 'mess3:x=0.05,a=0.85' (its words", Rejects(Minimal(), "model.n_ctx=14", "data.mode=stream"));
        Assert.Equal(12, ExperimentFile.Parse(Minimal(), "t", ["model.n_ctx=12"]).Model.NCtx);
        // The golden mean forbids 11: far fewer words, so a longer context fits (Fibonacci growth).
        Assert.Equal(20, ExperimentFile.Parse(Minimal(process: "golden_mean", model: Model.Replace("\"d_vocab\": 3", "\"d_vocab\": 2")), "t", ["model.n_ctx=20"]).Model.NCtx);
    }

    [Theory]
    [InlineData("probe.folds=1000")]
    [InlineData("probe.train_fraction=0.001")]
    [InlineData("probe.train_fraction=0.999")]
    public void ProbeSettingsTheProbeCannotServeAreRefusedBeforeTraining(string set)
    {
        // Mess3 at n_ctx 4: 3 + 9 + 27 + 81 = 120 prefixes.
        string message = Rejects(Minimal(), set);
        Assert.Contains($"--set {set}: field 'probe.folds' is", message);
        Assert.Contains("of the 120 prefixes", message);
        // Training alone does not probe, so it takes them.
        Assert.NotNull(ExperimentFile.Parse(Minimal(), "t", [set]));
    }

    /// <summary>The last-m-token baseline holds Σ_{j≤m} V^j one-hot columns per prefix: 81 tokens at m = 3 are 538,084.</summary>
    [Fact]
    public void AMarkovOrderWhoseBaselineDoesNotFitIsRefusedBeforeTraining()
    {
        string json = Minimal(process: "mess3*mess3*mess3*mess3", model: Model.Replace("\"d_vocab\": 3", "\"d_vocab\": 81"));
        string message = Rejects(json, "model.n_ctx=1", "probe.markov_order=3");
        Assert.Contains("field 'probe.markov_order' is 3", message);
        Assert.Contains("538,084 one-hot columns over 81 prefixes", message);
        Assert.Equal(2, ExperimentFile.Parse(json, "t", ["model.n_ctx=1", "probe.markov_order=2"], probes: true).Probe.MarkovOrder);
    }

    [Fact]
    public void AOneTokenProcessIsRefused()
    {
        string file = Path.Combine(_root, "one.json");
        File.WriteAllText(file, """{ "name": "one", "tokens": ["a"], "states": ["A"], "matrices": { "a": [[1]] } }""");
        string message = Rejects(Minimal(process: file, model: Model.Replace("\"d_vocab\": 3", "\"d_vocab\": 1")));
        Assert.Contains("field 'process': process 'one' has 1 token; allowed: a process with at least 2 tokens", message);
    }

    // ---- process paths ----

    [Fact]
    public void ARelativeProcessPathIsResolvedAgainstTheExperimentFileAndStoredAbsolute()
    {
        string sub = Directory.CreateDirectory(Path.Combine(_root, "experiments")).FullName;
        File.WriteAllText(Path.Combine(sub, "coin.json"),
            """{ "name": "coin", "tokens": ["0", "1"], "states": ["A"], "matrices": { "0": [[0.5]], "1": [[0.5]] } }""");
        string experiment = Path.Combine(sub, "e.json");
        File.WriteAllText(experiment, Minimal(process: "coin.json", model: Model.Replace("\"d_vocab\": 3", "\"d_vocab\": 2")));

        var config = ExperimentFile.Load(experiment); // the working directory is not sub
        Assert.Equal(Path.Combine(sub, "coin.json"), config.Process);
        Assert.True(Path.IsPathRooted(config.Process));
        // config.json reads back to the same absolute path from anywhere.
        Assert.Equal(config, ExperimentFile.Parse(config.ToJson(), "config.json"));
    }

    [Fact]
    public void ARelativeProcessPathFromSetIsResolvedAgainstTheWorkingDirectory()
    {
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "absent.json"), ProcessPaths.Absolute("absent.json", Directory.GetCurrentDirectory()));
        Assert.Equal("mess3:x=0.1,a=0.6*z1r", ProcessPaths.Absolute("mess3:x=0.1,a=0.6*z1r", "/elsewhere"));
        Assert.Equal("/elsewhere/a.json*mess3", ProcessPaths.Absolute("a.json*mess3", "/elsewhere"));
        var error = Rejects(Minimal(), "process=absent-here.json");
        Assert.Contains(Path.Combine(Directory.GetCurrentDirectory(), "absent-here.json"), error);
    }

    [Fact]
    public void FeatureSetsAreNamedListsOfHookPointsReadBackEqual()
    {
        string json = Minimal().Replace("\"training\"", """
            "probe": { "feature_sets": { "mids": ["blocks.0.hook_resid_mid", "blocks.0.hook_attn_out"], "z": ["blocks.0.attn.hook_z"] } }, "training"
            """);
        var config = ExperimentFile.Parse(json, "t");
        Assert.Equal(["mids", "z"], config.Probe.FeatureSets.Sets.Select(s => s.Name));
        Assert.Equal(["blocks.0.hook_resid_mid", "blocks.0.hook_attn_out"], config.Probe.FeatureSets.Sets[0].Of);
        Assert.Equal(["blocks.0.hook_resid_mid", "blocks.0.hook_attn_out", "blocks.0.attn.hook_z"], config.Probe.FeatureSets.Hooks);
        Assert.Equal(config, ExperimentFile.Parse(config.ToJson(), "t"));
        Assert.Empty(ExperimentFile.Parse(Minimal(), "t").Probe.FeatureSets.Sets);

        foreach (string bad in new[] { "[\"blocks.0.hook_resid_mid\"]", "{ \"empty\": [] }", "{ \"twice\": [\"a\", \"a\"] }", "{ \"n\": [1] }", "{ \" \": [\"a\"] }" })
            Assert.Contains("probe.feature_sets", Rejects(Minimal(), $"probe.feature_sets={bad}"));
    }
}
