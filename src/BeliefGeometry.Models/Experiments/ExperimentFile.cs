using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BeliefGeometry.Models.Recurrent;
using BeliefGeometry.Models.Transformer;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// Reads experiment files: JSON with comments and trailing commas, snake_case fields as documented in
/// <c>experiments/README.md</c>, optionally changed by <c>--set path=value</c> overrides. Strict: an unknown field,
/// a wrong type, a value out of range, a missing required field, an unknown process or a vocabulary that does
/// not fit the process throws an <see cref="ExperimentException"/> whose one-line message names the file, the
/// override (when one is involved), the field path and the allowed values.
/// </summary>
public static class ExperimentFile
{
    /// <summary>Top-level fields.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "seed", "process", "data", "model", "training", "probe"];

    /// <summary>Fields of <c>data</c>.</summary>
    public static readonly IReadOnlyList<string> DataFields = ["mode", "bos"];

    /// <summary>Fields of <c>model</c> when its kind is <c>transformer</c> (<see cref="TransformerConfig"/>'s).</summary>
    public static readonly IReadOnlyList<string> TransformerFields =
        ["kind", "n_layers", "d_model", "n_heads", "d_head", "d_mlp", "d_vocab", "n_ctx", "act_fn", "normalization_type", "eps", "initializer_range"];

    /// <summary>Fields of <c>model</c> when its kind is <c>rnn</c>, <c>gru</c> or <c>lstm</c> (<see cref="RecurrentConfig"/>'s).</summary>
    public static readonly IReadOnlyList<string> RecurrentFields = ["kind", "hidden_size", "n_layers", "d_vocab", "n_ctx", "d_embed", "nonlinearity"];

    /// <summary>Fields of <c>training</c>.</summary>
    public static readonly IReadOnlyList<string> TrainingFields =
        ["optimizer", "lr", "weight_decay", "momentum", "betas", "batch_size", "steps", "tokens", "warmup_steps", "schedule", "grad_clip", "eval_every", "checkpoint_every", "device", "threads"];

    /// <summary>Fields of <c>probe</c>.</summary>
    public static readonly IReadOnlyList<string> ProbeFields = ["train_fraction", "folds", "shuffle_control", "ridge"];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads, overrides (<paramref name="sets"/>, each <c>path=value</c>, applied in order) and validates an experiment file.</summary>
    public static ExperimentConfig Load(string path, IEnumerable<string>? sets = null)
    {
        string source = $"experiment '{path}'";
        if (!File.Exists(path))
            throw Fail($"{source}: file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw Fail($"{source}: cannot be read ({e.Message})"); }
        catch (UnauthorizedAccessException e) { throw Fail($"{source}: cannot be read ({e.Message})"); }
        return Parse(text, source, sets);
    }

    /// <summary>Parses, overrides and validates experiment JSON; <paramref name="source"/> (e.g. <c>experiment 'x.json'</c>) starts every error message.</summary>
    public static ExperimentConfig Parse(string json, string source, IEnumerable<string>? sets = null)
    {
        var root = ParseObject(json, source);
        var overrides = ApplyTo(root, sets ?? [], source);
        return new Reader(source, overrides).Read(root);
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

    private static ExperimentException Fail(string message) => new(message.ReplaceLineEndings(" "));

    private static JsonObject ParseObject(string json, string source)
    {
        try
        {
            using (JsonDocument.Parse(json, DocumentOptions)) { } // syntax and duplicate fields, with positions
            return JsonNode.Parse(json, null, DocumentOptions) as JsonObject
                ?? throw Fail($"{source}: the top level must be a JSON object with fields {string.Join(", ", Fields)}");
        }
        catch (JsonException e)
        {
            // System.Text.Json reports a duplicate without a position, but names it: "Duplicate property 'x' …".
            if (e.LineNumber is null && e.Message.StartsWith("Duplicate property '", StringComparison.Ordinal))
                throw Fail($"{source}: field '{e.Message.Split('\'')[1]}' is given twice (in one object)");
            throw Fail($"{source}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
    }

    private static IReadOnlyList<string>? SectionFields(string section) => section switch
    {
        "data" => DataFields,
        "model" => TransformerFields.Union(RecurrentFields).ToList(),
        "training" => TrainingFields,
        "probe" => ProbeFields,
        _ => null,
    };

    private sealed record Override(string Path, string Text);

    private static List<Override> ApplyTo(JsonObject root, IEnumerable<string> sets, string source)
    {
        var applied = new List<Override>();
        foreach (string text in sets)
        {
            string where = $"{source}, --set {text}";
            int eq = text.IndexOf('=');
            if (eq <= 0)
                throw Fail($"{where}: expected path=value, e.g. training.lr=3e-4");
            string path = text[..eq].Trim();
            string[] parts = path.Split('.');
            if (!Fields.Contains(parts[0]))
                throw Fail($"{where}: unknown field '{path}'; allowed: {string.Join(", ", Fields)}");
            var fields = SectionFields(parts[0]);
            if (parts.Length > 2 || (parts.Length == 2 && (fields is null || !fields.Contains(parts[1]))))
            {
                string allowed = fields is null ? $"'{parts[0]}' has no fields" : "fields of " + parts[0] + ": " + string.Join(", ", fields);
                throw Fail($"{where}: unknown field '{path}'; {allowed}");
            }
            JsonNode? value = ParseValue(text[(eq + 1)..]);
            if (parts.Length == 1)
                root[parts[0]] = value;
            else
            {
                if (root[parts[0]] is null)
                    root[parts[0]] = new JsonObject();
                if (root[parts[0]] is not JsonObject section)
                    throw Fail($"{where}: field '{parts[0]}' is {Render(root[parts[0]])}; allowed: an object with fields {string.Join(", ", fields!)}");
                section[parts[1]] = value;
                if (parts[0] == "training" && value is not null && parts[1] is "steps" or "tokens")
                    section.Remove(parts[1] == "steps" ? "tokens" : "steps");
            }
            applied.Add(new Override(path, text));
        }
        return applied;
    }

    private static JsonNode? ParseValue(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static string Render(JsonNode? node)
    {
        string text = node is null ? "null" : node.ToJsonString(Compact);
        return text.Length <= 60 ? text : text[..57] + "…";
    }

    /// <summary>Turns a JSON tree into a validated <see cref="ExperimentConfig"/>, naming field paths in its errors.</summary>
    private sealed class Reader(string source, IReadOnlyList<Override> overrides)
    {
        private readonly record struct Section(JsonObject Node, string Prefix)
        {
            public string Path(string field) => Prefix.Length == 0 ? field : $"{Prefix}.{field}";
        }

        public ExperimentConfig Read(JsonObject root)
        {
            var top = new Section(root, "");
            CheckFields(top, Fields);
            string name = Text(top, "name", "a name of letters, digits, '.', '_' and '-'", IsName, null);
            long seed = Integer(top, "seed", 0, long.MaxValue, 0);
            string process = Text(top, "process", "a process spec such as \"mess3:x=0.05,a=0.85\" (see 'belief processes') or a process JSON path",
                s => s.Trim().Length > 0, null);
            var data = ReadData(Child(top, "data", DataFields, required: false));
            var model = ReadModel(Child(top, "model", TransformerFields, required: true));
            var training = ReadTraining(Child(top, "training", TrainingFields, required: false));
            var probe = ReadProbe(Child(top, "probe", ProbeFields, required: false));

            HiddenMarkovProcess resolved;
            try { resolved = ProcessCatalog.Resolve(process); }
            catch (InputException e) { throw Error($"field 'process': {e.Message}", "process"); }
            int expected = resolved.TokenCount + (data.Bos ? 1 : 0);
            if (model.DVocab != expected)
                throw Error(string.Create(CultureInfo.InvariantCulture,
                    $"field 'model.d_vocab' is {model.DVocab}; allowed: {expected} (process '{resolved.Name}' has {resolved.TokenCount} tokens{(data.Bos ? ", plus 1 for BOS" : ", no BOS")})"),
                    "model.d_vocab", "process", "data.bos");

            return new ExperimentConfig
            {
                Name = name, Seed = seed, Process = process, Data = data, Model = model, Training = training, Probe = probe,
            };
        }

        private DataConfig ReadData(Section s)
        {
            CheckFields(s, DataFields);
            return new DataConfig
            {
                Mode = Choice(s, "mode", DataConfig.Modes, "exact"),
                Bos = Bool(s, "bos", false),
            };
        }

        private ModelConfig ReadModel(Section s)
        {
            string kind = Choice(s, "kind", ModelConfig.Kinds, null);
            var fields = kind == "transformer" ? TransformerFields : RecurrentFields;
            var others = kind == "transformer" ? RecurrentFields : TransformerFields;
            foreach (var (field, _) in s.Node)
                if (!fields.Contains(field))
                    throw others.Contains(field)
                        ? Error($"field '{s.Path(field)}' does not apply to kind '{kind}'; fields for {kind}: {string.Join(", ", fields)}", s.Path(field), s.Path("kind"))
                        : Error($"unknown field '{s.Path(field)}'; allowed: {string.Join(", ", fields)}", s.Path(field));
            return kind == "transformer" ? ModelConfig.Of(ReadTransformer(s)) : ModelConfig.Of(ReadRecurrent(s, kind));
        }

        private TransformerConfig ReadTransformer(Section s)
        {
            var config = new TransformerConfig
            {
                NLayers = Int(s, "n_layers", 1, null),
                DModel = Int(s, "d_model", 1, null),
                NHeads = Int(s, "n_heads", 1, null),
                DHead = Int(s, "d_head", 1, null),
                DMlp = Int(s, "d_mlp", 1, null),
                DVocab = Int(s, "d_vocab", 1, null),
                NCtx = Int(s, "n_ctx", 1, null),
                ActFn = Choice(s, "act_fn", TransformerConfig.ActFns, "relu"),
                NormalizationType = NormalizationType(s),
                Eps = Number(s, "eps", x => x > 0, "a number > 0", 1e-5),
                InitializerRange = OptionalNumber(s, "initializer_range", x => x > 0, "a number > 0, or null for 0.8/√d_model"),
            };
            // The issue's "d_model divisible into heads". d_head is free (W_O maps the heads back to d_model): the
            // published models have 1 head of 8 in d_model 64 and 4 heads of 16 in d_model 128.
            if (config.DModel % config.NHeads != 0)
                throw Error(string.Create(CultureInfo.InvariantCulture,
                    $"field '{s.Path("n_heads")}' is {config.NHeads}; allowed: a divisor of d_model = {config.DModel}"),
                    s.Path("n_heads"), s.Path("d_model"));
            try { return config.Validate(); }
            catch (ArgumentException e) { throw Backstop(s, e); }
        }

        private RecurrentConfig ReadRecurrent(Section s, string kind)
        {
            var config = new RecurrentConfig
            {
                Kind = kind,
                HiddenSize = Int(s, "hidden_size", 1, null),
                NLayers = Int(s, "n_layers", 1, 1),
                DVocab = Int(s, "d_vocab", 1, null),
                NCtx = Int(s, "n_ctx", 1, null),
                DEmbed = OptionalInt(s, "d_embed", 1, "an integer ≥ 1, or null for hidden_size"),
                Nonlinearity = Choice(s, "nonlinearity", RecurrentConfig.Nonlinearities, "tanh"),
            };
            try { return config.Validate(); }
            catch (ArgumentException e) { throw Backstop(s, e); }
        }

        /// <summary>The model's own validation, in case it checks more than this reader does.</summary>
        private ExperimentException Backstop(Section s, ArgumentException e)
        {
            string field = s.Path(e.ParamName ?? "kind");
            return Error($"field '{field}': {e.Message.Replace($" (Parameter '{e.ParamName}')", "")}", field, s.Path("kind"));
        }

        private string? NormalizationType(Section s)
        {
            const string allowed = "\"LN\", or null for none";
            if (!s.Node.TryGetPropertyValue("normalization_type", out var node))
                return "LN";
            if (node is null)
                return null;
            if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() == "LN")
                return "LN";
            throw Invalid(s.Path("normalization_type"), node, allowed);
        }

        private TrainingConfig ReadTraining(Section s)
        {
            CheckFields(s, TrainingFields);
            long? steps = OptionalInteger(s, "steps", 1, "an integer ≥ 1, or null when training.tokens is given");
            long? tokens = OptionalInteger(s, "tokens", 1, "an integer ≥ 1, or null when training.steps is given");
            string[] length = [s.Path("steps"), s.Path("tokens")];
            if (steps is null && tokens is null)
                throw Error($"field '{s.Path("steps")}' is missing; allowed: an integer ≥ 1 (or give '{s.Path("tokens")}' instead)", length);
            if (steps is not null && tokens is not null)
                throw Error($"fields '{s.Path("steps")}' and '{s.Path("tokens")}' are both set; allowed: one of them (set the other to null)", length);
            return new TrainingConfig
            {
                Optimizer = Choice(s, "optimizer", TrainingConfig.Optimizers, "adam"),
                Lr = Number(s, "lr", x => x > 0, "a number > 0", 1e-3),
                WeightDecay = Number(s, "weight_decay", x => x >= 0, "a number ≥ 0", 0),
                Momentum = Number(s, "momentum", x => x is >= 0 and < 1, "a number in [0, 1)", 0),
                Betas = Betas(s),
                BatchSize = Int(s, "batch_size", 1, 256),
                Steps = steps,
                Tokens = tokens,
                WarmupSteps = Integer(s, "warmup_steps", 0, long.MaxValue, 0),
                Schedule = Choice(s, "schedule", TrainingConfig.Schedules, "constant"),
                GradClip = OptionalNumber(s, "grad_clip", x => x > 0, "a number > 0, or null for no clipping"),
                EvalEvery = Integer(s, "eval_every", 1, long.MaxValue, 250),
                CheckpointEvery = Integer(s, "checkpoint_every", 1, long.MaxValue, 1000),
                Device = Text(s, "device", "\"cpu\", \"cuda\" or \"cuda:N\"", IsDevice, "cpu"),
                Threads = OptionalInt(s, "threads", 1, "an integer ≥ 1, or null for every core"),
            };
        }

        private (double, double) Betas(Section s)
        {
            const string allowed = "two numbers in [0, 1), e.g. [0.9, 0.999]";
            if (Get(s, "betas", allowed, nullable: false, required: false) is not { } node)
                return (0.9, 0.999);
            if (node is JsonArray { Count: 2 } array
                && TryNumber(array[0], out double b1) && b1 is >= 0 and < 1
                && TryNumber(array[1], out double b2) && b2 is >= 0 and < 1)
                return (b1, b2);
            throw Invalid(s.Path("betas"), node, allowed);
        }

        private ProbeConfig ReadProbe(Section s)
        {
            CheckFields(s, ProbeFields);
            return new ProbeConfig
            {
                TrainFraction = Number(s, "train_fraction", x => x is > 0 and < 1, "a number in (0, 1)", 0.2),
                Folds = Int(s, "folds", 2, 5),
                ShuffleControl = Bool(s, "shuffle_control", true),
                Ridge = Bool(s, "ridge", false),
            };
        }

        // ---- field access ----

        private Section Child(Section parent, string field, IReadOnlyList<string> fields, bool required)
        {
            string allowed = $"an object with fields {string.Join(", ", fields)}";
            var node = Get(parent, field, allowed, nullable: false, required);
            if (node is null)
                return new Section(new JsonObject(), parent.Path(field));
            return node is JsonObject obj ? new Section(obj, parent.Path(field)) : throw Invalid(parent.Path(field), node, allowed);
        }

        private void CheckFields(Section s, IReadOnlyList<string> fields)
        {
            foreach (var (field, _) in s.Node)
                if (!fields.Contains(field))
                    throw Error($"unknown field '{s.Path(field)}'; allowed: {string.Join(", ", fields)}", s.Path(field));
        }

        /// <summary>The field's value; <c>null</c> when it is absent (or null and <paramref name="nullable"/>).</summary>
        private JsonNode? Get(Section s, string field, string allowed, bool nullable, bool required)
        {
            if (!s.Node.TryGetPropertyValue(field, out var node))
                return required ? throw Error($"field '{s.Path(field)}' is missing; allowed: {allowed}", s.Path(field)) : null;
            if (node is null && !(nullable && !required))
                throw Invalid(s.Path(field), node, allowed);
            return node;
        }

        private string Text(Section s, string field, string allowed, Func<string, bool> valid, string? defaultValue)
        {
            var node = Get(s, field, allowed, nullable: false, required: defaultValue is null);
            if (node is null)
                return defaultValue!;
            if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is var text && valid(text))
                return text;
            throw Invalid(s.Path(field), node, allowed);
        }

        private string Choice(Section s, string field, IReadOnlyList<string> choices, string? defaultValue) =>
            Text(s, field, string.Join(", ", choices), choices.Contains, defaultValue);

        private bool Bool(Section s, string field, bool defaultValue)
        {
            var node = Get(s, field, "true or false", nullable: false, required: false);
            return node?.GetValueKind() switch
            {
                null => defaultValue,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(s.Path(field), node, "true or false"),
            };
        }

        private static bool TryNumber(JsonNode? node, out double value)
        {
            value = 0;
            return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value) && double.IsFinite(value);
        }

        private static bool TryInteger(JsonNode? node, out long value)
        {
            value = 0;
            if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
                return false;
            if (v.TryGetValue(out value))
                return true;
            // 1e7 or 3.0: accept numbers that are whole and fit.
            if (!v.TryGetValue(out double d) || !double.IsFinite(d) || d != Math.Floor(d) || Math.Abs(d) >= 9.2e18)
                return false;
            value = (long)d;
            return true;
        }

        private double Number(Section s, string field, Func<double, bool> valid, string allowed, double defaultValue) =>
            OptionalNumber(s, field, valid, allowed, nullable: false) ?? defaultValue;

        private double? OptionalNumber(Section s, string field, Func<double, bool> valid, string allowed, bool nullable = true)
        {
            var node = Get(s, field, allowed, nullable, required: false);
            if (node is null)
                return null;
            return TryNumber(node, out double value) && valid(value) ? value : throw Invalid(s.Path(field), node, allowed);
        }

        private static string IntegerRange(long min, long max) =>
            max >= int.MaxValue ? $"an integer ≥ {min}" : $"an integer from {min} to {max}";

        private long Integer(Section s, string field, long min, long max, long? defaultValue)
        {
            string allowed = IntegerRange(min, max);
            var node = Get(s, field, allowed, nullable: false, required: defaultValue is null);
            if (node is null)
                return defaultValue!.Value;
            return TryInteger(node, out long value) && value >= min && value <= max ? value : throw Invalid(s.Path(field), node, allowed);
        }

        private int Int(Section s, string field, int min, int? defaultValue) => (int)Integer(s, field, min, int.MaxValue, defaultValue);

        private long? OptionalInteger(Section s, string field, long min, string allowed)
        {
            var node = Get(s, field, allowed, nullable: true, required: false);
            if (node is null)
                return null;
            return TryInteger(node, out long value) && value >= min ? value : throw Invalid(s.Path(field), node, allowed);
        }

        private int? OptionalInt(Section s, string field, int min, string allowed)
        {
            var node = Get(s, field, allowed, nullable: true, required: false);
            if (node is null)
                return null;
            return TryInteger(node, out long value) && value >= min && value <= int.MaxValue ? (int)value : throw Invalid(s.Path(field), node, allowed);
        }

        private static bool IsName(string name) =>
            name.Length > 0 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

        private static bool IsDevice(string device) =>
            device is "cpu" or "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && device.Length > 5 && device[5..].All(char.IsAsciiDigit));

        // ---- errors ----

        private ExperimentException Invalid(string path, JsonNode? node, string allowed) =>
            Error($"field '{path}' is {Render(node)}; allowed: {allowed}", path);

        private ExperimentException Error(string detail, params string[] paths) => Fail($"{Source(paths)}: {detail}");

        /// <summary>The file, plus the last <c>--set</c> that touched one of <paramref name="paths"/> (or a section holding it).</summary>
        private string Source(string[] paths)
        {
            var culprit = overrides.LastOrDefault(o => paths.Any(p => o.Path == p || p.StartsWith(o.Path + ".", StringComparison.Ordinal)));
            return culprit is null ? source : $"{source}, --set {culprit.Text}";
        }
    }
}
