using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Data;
using BeliefGeometry.Json;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// Reads experiment files: JSON with comments and trailing commas, the fields of <see cref="ExperimentSchema"/>
/// (documented in <c>experiments/README.md</c>), optionally changed by <c>--set path=value</c> overrides. Strict: an
/// unknown field, a wrong type, a value out of range, a missing required field, an unknown process, a vocabulary that
/// does not fit the process, or a run too large for the data, the step or the probe throws an
/// <see cref="ExperimentException"/> whose one-line message names the file, the override (when one is involved), the
/// field path and the allowed values — before any work is done.
/// </summary>
public static class ExperimentFile
{
    /// <summary>Top-level fields.</summary>
    public static IReadOnlyList<string> Fields => ExperimentSchema.Experiment.FieldNames;

    /// <summary>Fields of <c>data</c>.</summary>
    public static IReadOnlyList<string> DataFields => ExperimentSchema.Data.FieldNames;

    /// <summary>Fields of <c>model</c> when its kind is <c>transformer</c>.</summary>
    public static IReadOnlyList<string> TransformerFields => ["kind", .. ModelFamilies.Transformer.FieldNames];

    /// <summary>Fields of <c>model</c> when its kind is <c>rnn</c>, <c>gru</c> or <c>lstm</c>.</summary>
    public static IReadOnlyList<string> RecurrentFields => ["kind", .. ModelFamilies.Recurrent.FieldNames];

    /// <summary>Fields of <c>training</c>.</summary>
    public static IReadOnlyList<string> TrainingFields => ExperimentSchema.Training.FieldNames;

    /// <summary>Fields of <c>probe</c>.</summary>
    public static IReadOnlyList<string> ProbeFields => ExperimentSchema.Probe.FieldNames;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false,
        MaxDepth = StrictJson.MaxDepth + 2,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Largest experiment file read: 1 MiB (the presets are under 2 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>
    /// Reads, overrides (<paramref name="sets"/>, each <c>path=value</c>, applied in order) and validates an experiment
    /// file. A relative process-file path in the file is resolved against the file's directory.
    /// </summary>
    public static ExperimentConfig Load(string path, IEnumerable<string>? sets = null, bool probes = false)
    {
        string source = $"experiment '{Abbreviation.OfPath(path)}'";
        string text = BoundedFile.ReadText(path, MaxFileBytes, source, "an experiment", SectionContext.Fail);
        return Parse(text, source, sets, Path.GetDirectoryName(Path.GetFullPath(path)), probes);
    }

    /// <summary>
    /// Parses, overrides and validates experiment JSON; <paramref name="source"/> (e.g. <c>experiment 'x.json'</c>)
    /// starts every error message. A relative process-file path is resolved against <paramref name="baseDirectory"/>
    /// (the working directory when null, and for a path given by <c>--set</c>) and kept absolute. With
    /// <paramref name="probes"/> the run will be probed too, so the probe settings must suit its prefixes.
    /// </summary>
    public static ExperimentConfig Parse(string json, string source, IEnumerable<string>? sets = null, string? baseDirectory = null, bool probes = false)
    {
        var root = ParseObject(json, source);
        var overrides = ApplyTo(root, sets ?? [], source);
        var context = new SectionContext(source, overrides, "");
        var config = ExperimentSchema.Experiment.Read(root, context);
        return Check(config, context, baseDirectory, probes);
    }

    /// <summary>
    /// Applies <c>--set</c> overrides to experiment JSON and returns the result (indented, comments dropped), not yet
    /// validated. Each override is <c>path=value</c>: the path is a top-level field or <c>section.field</c> (any field
    /// the format knows, present in the file or not); the value is JSON when it parses as JSON (numbers, true/false,
    /// null, "quoted strings", arrays) and a plain string otherwise (<c>process=mess3:x=0.1</c>). Setting one of
    /// <c>training.steps</c> and <c>training.tokens</c> removes the other.
    /// </summary>
    public static string Apply(string json, IEnumerable<string> sets, string source = "experiment")
    {
        var root = ParseObject(json, source);
        ApplyTo(root, sets, source);
        return root.ToJsonString(Indented);
    }

    private static JsonObject ParseObject(string json, string source)
    {
        StrictJson.Check(json, source, SectionContext.Fail);
        try
        {
            return JsonNode.Parse(json, null, DocumentOptions) as JsonObject
                ?? throw SectionContext.Fail($"{source}: the top level must be a JSON object with fields {string.Join(", ", Fields)}");
        }
        catch (JsonException e)
        {
            throw SectionContext.Fail($"{source}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
    }

    private static List<(string Path, string Text)> ApplyTo(JsonObject root, IEnumerable<string> sets, string source)
    {
        var applied = new List<(string, string)>();
        foreach (string text in sets)
        {
            string where = $"{source}, --set {Abbreviation.Of(text, 120)}";
            int eq = text.IndexOf('=');
            if (eq <= 0)
                throw SectionContext.Fail($"{where}: expected path=value, e.g. training.lr=3e-4");
            string path = text[..eq].Trim();
            string[] parts = path.Split('.');
            var field = ExperimentSchema.Experiment.Fields.FirstOrDefault(f => f.Name == parts[0]);
            if (field is null)
                throw SectionContext.Fail($"{where}: unknown field '{Abbreviation.Of(path)}'; allowed: {string.Join(", ", Fields)}");
            var fields = field.SectionFields;
            if (parts.Length > 2 || (parts.Length == 2 && (fields is null || !fields.Contains(parts[1]))))
            {
                string allowed = fields is null ? $"'{parts[0]}' has no fields" : "fields of " + parts[0] + ": " + string.Join(", ", fields);
                throw SectionContext.Fail($"{where}: unknown field '{Abbreviation.Of(path)}'; {allowed}");
            }
            JsonNode? value = ParseValue(text[(eq + 1)..]);
            if (parts.Length == 1)
                root[parts[0]] = value;
            else
            {
                if (root[parts[0]] is null)
                    root[parts[0]] = new JsonObject();
                if (root[parts[0]] is not JsonObject section)
                    throw SectionContext.Fail($"{where}: field '{parts[0]}' is {SectionContext.Render(root[parts[0]])}; allowed: an object with fields {string.Join(", ", fields!)}");
                section[parts[1]] = value;
                if (parts[0] == "training" && value is not null && parts[1] is "steps" or "tokens")
                    section.Remove(parts[1] == "steps" ? "tokens" : "steps");
            }
            applied.Add((path, Abbreviation.Of(text, 120)));
        }
        return applied;
    }

    private static JsonNode? ParseValue(string text)
    {
        try { return JsonNode.Parse(text, null, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth }); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    /// <summary>The checks that need the process: its path, its vocabulary, and the cost of the data, the steps and the probe.</summary>
    private static ExperimentConfig Check(ExperimentConfig config, SectionContext context, string? baseDirectory, bool probes)
    {
        string directory = baseDirectory is null || context.IsOverridden("process") ? Directory.GetCurrentDirectory() : baseDirectory;
        config = config with { Process = ProcessPaths.Absolute(config.Process, directory) };
        HiddenMarkovProcess process;
        try { process = ProcessCatalog.Resolve(config.Process); }
        catch (InputException e) { throw context.Error($"field 'process': {Abbreviation.Of(e.Message, Abbreviation.MaxPathLength + 200)}", "process"); }

        var data = config.Data;
        var model = config.Model;
        int expected = process.TokenCount + (data.Bos ? 1 : 0);
        if (model.DVocab != expected)
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'model.d_vocab' is {model.DVocab}; allowed: {expected} (process '{process.Name}' has {process.TokenCount} tokens{(data.Bos ? ", plus 1 for BOS" : ", no BOS")})"),
                "model.d_vocab", "process", "data.bos");
        if (process.TokenCount < 2)
            throw context.Error($"field 'process': process '{Abbreviation.Of(process.Name)}' has 1 token; allowed: a process with at least 2 tokens (with one, every prefix has the same belief and there is nothing to learn or probe)", "process");

        CheckCost(config, process, context, probes);
        return config;
    }

    /// <summary>
    /// The theory, the exact data and the probe all list the words up to length n_ctx + 1: refuse an n_ctx whose words
    /// pass <see cref="PrefixSet.DefaultMaxCount"/> prefixes (or, in exact mode, <see cref="ExactDataset.DefaultMaxTokens"/>
    /// tokens), and probe settings the prefixes cannot serve.
    /// </summary>
    private static void CheckCost(ExperimentConfig config, HiddenMarkovProcess process, SectionContext context, bool probes)
    {
        int n = config.Model.NCtx;
        // batch_size ≥ 1, so n_ctx alone may not pass the tokens a step holds; checked before anything sized by n_ctx.
        if (n > ExperimentSchema.MaxTokensPerStep)
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'model.n_ctx' is {n}; allowed: at most {ExperimentSchema.MaxTokensPerStep:N0} (batch_size × model.n_ctx ≤ {ExperimentSchema.MaxTokensPerStep:N0} target tokens per step)"),
                "model.n_ctx");
        long cap = PrefixSet.DefaultMaxCount + 1L;
        // Too many states to follow the subsets a word ends in: every word of V tokens is counted (an upper bound).
        long[]? counted = WordCounts.Count(process, n + 1, cap);
        long[] counts = counted ?? AllWords(process.TokenCount, n + 1, cap);
        bool exact = config.Data.Mode == "exact";
        long prefixes = counts[1];
        for (int m = 1; m <= n; m++) // n_ctx = m lists the words up to length m + 1
        {
            prefixes = Math.Min(cap, prefixes + counts[m + 1]);
            if (prefixes < cap && (!exact || counts[m + 1] * (m + 1) <= ExactDataset.DefaultMaxTokens))
                continue;
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'model.n_ctx' is {n}; allowed: at most {m - 1} for process '{Abbreviation.Of(process.Name)}'{(exact ? " with exact data" : "")} (its words up to length n_ctx + 1 must stay within {PrefixSet.DefaultMaxCount:N0} prefixes{(exact ? $" and {ExactDataset.DefaultMaxTokens:N0} tokens of exact data" : "")}{(counted is null ? $"; counted as every word of its {process.TokenCount} tokens, an upper bound for its {process.StateCount} states" : "")})"),
                "model.n_ctx", "process", "data.mode");
        }

        long tokensPerStep = (long)config.Training.BatchSize * n;
        if (tokensPerStep > ExperimentSchema.MaxTokensPerStep)
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'training.batch_size' is {config.Training.BatchSize}; allowed: batch_size × model.n_ctx ≤ {ExperimentSchema.MaxTokensPerStep:N0} target tokens per step, so at most {ExperimentSchema.MaxTokensPerStep / n:N0} with n_ctx {n}"),
                "training.batch_size", "model.n_ctx");
        CheckModelCost(config, context);

        if (!probes)
            return;
        // The probe's rows are the prefixes a model sees: lengths 1…n_ctx (0…n_ctx−1 with BOS).
        // The split is stratified by length (Splitters.TrainTest over strata): each length contributes ⌊fraction·count⌉.
        var probe = config.Probe;
        long rows = 0, train = 0;
        for (int length = config.Data.Bos ? 0 : 1; length <= (config.Data.Bos ? n - 1 : n); length++)
        {
            rows += counts[length];
            train += (long)Math.Round(probe.TrainFraction * counts[length], MidpointRounding.AwayFromZero);
        }
        if (train == 0 || train == rows) // too few rows per length: one split of all of them
            train = (long)Math.Clamp(Math.Round(probe.TrainFraction * rows), 1, Math.Max(1, rows - 1));
        long smaller = Math.Min(train, rows - train);
        long perFold = smaller - (smaller + probe.Folds - 1) / probe.Folds; // rows that fit each fold's probe
        if (rows < 2 || smaller < probe.Folds || perFold < probe.Folds)
        {
            string[] blame = ["probe.folds", "probe.train_fraction", "model.n_ctx", "process"];
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'probe.folds' is {probe.Folds} with probe.train_fraction {probe.TrainFraction}; allowed: settings whose smaller part of the {rows:N0} prefixes (here {smaller:N0}) holds the folds with at least {probe.Folds} rows left to fit each fold's probe; lower probe.folds, bring probe.train_fraction nearer 0.5 or raise model.n_ctx"),
                blame);
        }
        // The last-m-token baseline is a one-hot code of Σ_{j≤m} V^j columns for every prefix (ProbeTargets.LastTokensOneHot).
        double columns = Enumerable.Range(0, probe.MarkovOrder + 1).Sum(j => Math.Pow(process.TokenCount, j));
        if (columns > ExperimentSchema.MaxMarkovColumns || columns * rows > ExperimentSchema.MaxMarkovFeatureFloats)
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'probe.markov_order' is {probe.MarkovOrder}; allowed: an order whose last-m-token baseline fits (Σ V^j = {columns:N0} one-hot columns over {rows:N0} prefixes; at most {ExperimentSchema.MaxMarkovColumns:N0} columns and {ExperimentSchema.MaxMarkovFeatureFloats:N0} numbers in all, with V = {process.TokenCount} tokens)"),
                "probe.markov_order", "model.n_ctx", "process");
        if (probe.Folds > ExperimentSchema.MaxFolds)
            throw context.Error(string.Create(CultureInfo.InvariantCulture,
                $"field 'probe.folds' is {probe.Folds}; allowed: 2 to {ExperimentSchema.MaxFolds} for a run that is probed (each fold refits every probe)"),
                "probe.folds");
    }

    /// <summary>V⁰ … V^<paramref name="maxLength"/>, each at most <paramref name="cap"/>: the count of every word of V tokens.</summary>
    private static long[] AllWords(int tokens, int maxLength, long cap)
    {
        var counts = new long[maxLength + 1];
        counts[0] = 1;
        for (int length = 1; length <= maxLength; length++)
            counts[length] = counts[length - 1] >= (cap + tokens - 1) / tokens ? cap : counts[length - 1] * tokens;
        return counts;
    }

    /// <summary>
    /// Refuses a model whose parameters (with Adam: weights, gradients and two moments, 16 bytes each) or whose
    /// activations kept for the backward pass would pass <see cref="ExperimentSchema.MaxModelElements"/> floats,
    /// before libtorch allocates them. Counted in double so that no width overflows.
    /// </summary>
    private static void CheckModelCost(ExperimentConfig config, SectionContext context)
    {
        double tokens = (double)config.Training.BatchSize * config.Model.NCtx;
        (double parameters, double activations, string[] fields) = config.Model.Shape switch
        {
            TransformerConfig t => (
                (double)t.DVocab * t.DModel * 2 + (double)t.NCtx * t.DModel
                    + t.NLayers * (4.0 * t.DModel * t.NHeads * t.DHead + 2.0 * t.DModel * t.DMlp + t.DMlp + 8.0 * t.DModel),
                tokens * t.NLayers * (2.0 * t.DMlp + 2.0 * t.NHeads * t.NCtx + 4.0 * t.NHeads * t.DHead + 8.0 * t.DModel)
                    + tokens * t.DVocab * 2,
                new[] { "model.d_model", "model.d_mlp", "model.n_heads", "model.d_head", "model.n_layers", "model.n_ctx", "training.batch_size" }),
            RecurrentConfig r => (
                (double)r.DVocab * r.ResolvedDEmbed + (double)r.HiddenSize * r.DVocab
                    + r.NLayers * 4.0 * ((double)r.HiddenSize * (Math.Max(r.ResolvedDEmbed, r.HiddenSize) + r.HiddenSize) + 2.0 * r.HiddenSize),
                tokens * (r.NLayers * 6.0 * r.HiddenSize + r.ResolvedDEmbed + 2.0 * r.DVocab),
                new[] { "model.hidden_size", "model.d_embed", "model.n_layers", "model.n_ctx", "training.batch_size" }),
            _ => (0.0, 0.0, Array.Empty<string>()),
        };
        const double limit = ExperimentSchema.MaxModelElements;
        if (parameters <= limit && activations <= limit)
            return;
        bool weights = parameters > limit;
        throw context.Error(string.Create(CultureInfo.InvariantCulture,
            $"the model of kind '{config.Model.Kind}' needs about {(weights ? parameters : activations):G3} {(weights ? "parameters" : "activation floats per step")}; allowed: at most {limit:N0} ({(weights ? "weights, gradients and optimizer state" : "the activations a step keeps for its backward pass")} must fit in memory); lower {string.Join(", ", fields.Where(f => !f.StartsWith("training", StringComparison.Ordinal) || !weights))}"),
            fields);
    }
}
