namespace BeliefGeometry.Models.Training;

/// <summary>One evaluation, after <see cref="Tokens"/> target tokens of training.</summary>
public sealed record EvalRecord(long Tokens, EvaluationResult Evaluation)
{
    public long Step => Evaluation.Step;
}
