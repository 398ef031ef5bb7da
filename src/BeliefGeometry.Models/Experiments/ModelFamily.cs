using System.Text.Json.Nodes;

namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// A family of models an experiment's <c>model.kind</c> can name: its kinds, the schema of its config (the other
/// fields of <c>model</c>) and its factory. Register one with <see cref="ModelFamilies.Register"/>; parsing, the
/// <c>--set</c> paths, <c>config.json</c>, the README table and training then know it.
/// </summary>
public abstract class ModelFamily
{
    /// <summary>The <c>model.kind</c> values of this family (<c>transformer</c>; <c>rnn</c>, <c>gru</c>, <c>lstm</c>).</summary>
    public abstract IReadOnlyList<string> Kinds { get; }

    /// <summary>The family's fields after <c>kind</c>, in order.</summary>
    public abstract IReadOnlyList<string> FieldNames { get; }

    /// <summary>Whether <paramref name="shape"/> is this family's config record.</summary>
    public abstract bool Holds(object shape);

    /// <summary>A model of <paramref name="shape"/>, its weights drawn with <paramref name="seed"/>.</summary>
    public abstract ISequenceModel Create(object shape, long seed);

    /// <summary>Context length n_ctx of <paramref name="shape"/>.</summary>
    public abstract int ContextLength(object shape);

    /// <summary>Vocabulary size d_vocab of <paramref name="shape"/>.</summary>
    public abstract int VocabularySize(object shape);

    /// <summary>The README table of <c>model</c> for this family, <c>kind</c> first.</summary>
    public abstract string MarkdownTable();

    internal abstract object Read(string kind, JsonObject node, SectionContext context);

    internal abstract JsonObject Write(object shape);
}

/// <summary>A model family whose config record is <typeparamref name="TShape"/>.</summary>
/// <param name="kinds">Its <c>model.kind</c> values.</param>
/// <param name="schema">The fields after <c>kind</c>; its defaults are the record before any field is read (required fields hold placeholders).</param>
/// <param name="create">The factory: the model of a config, seeded.</param>
/// <param name="contextLength">n_ctx of a config.</param>
/// <param name="vocabularySize">d_vocab of a config.</param>
/// <param name="withKind">For a family of several kinds whose record holds the kind: the record with a kind set.</param>
public sealed class ModelFamily<TShape>(
    IReadOnlyList<string> kinds, ConfigSchema<TShape> schema, Func<TShape, long, ISequenceModel> create,
    Func<TShape, int> contextLength, Func<TShape, int> vocabularySize, Func<TShape, string, TShape>? withKind = null) : ModelFamily where TShape : notnull
{
    public override IReadOnlyList<string> Kinds { get; } = kinds;

    public override IReadOnlyList<string> FieldNames => schema.FieldNames;

    public override bool Holds(object shape) => shape is TShape;

    public override ISequenceModel Create(object shape, long seed) => create((TShape)shape, seed);

    public override int ContextLength(object shape) => contextLength((TShape)shape);

    public override int VocabularySize(object shape) => vocabularySize((TShape)shape);

    public override string MarkdownTable() =>
        schema.MarkdownTable(
            [$"| `kind` | string | required | {string.Join(", ", Kinds.Select(k => $"`\"{k}\"`"))} |"]);

    internal override object Read(string kind, JsonObject node, SectionContext context) =>
        (withKind is null ? schema : schema.WithDefaults(withKind(schema.Defaults, kind))).ReadKnown(node, context);

    internal override JsonObject Write(object shape) => schema.Write((TShape)shape);
}
