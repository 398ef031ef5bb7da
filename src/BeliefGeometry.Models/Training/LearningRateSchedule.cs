using BeliefGeometry.Models.Experiments;

namespace BeliefGeometry.Models.Training;

/// <summary>
/// The learning rate of every step: linear warm-up from 0 to lr over <c>warmup_steps</c>, then constant, or half a
/// cosine from lr towards 0 over the remaining steps: lr · ½(1 + cos(π · (s − w) / (S − w))) for step s of S.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate of the 0-based optimizer step <paramref name="step"/> of a run of <paramref name="totalSteps"/>.</summary>
    public static double At(TrainingConfig training, long step, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        long warmup = training.WarmupSteps;
        if (step < warmup)
            return training.Lr * (step + 1) / warmup;
        if (training.Schedule != "cosine")
            return training.Lr;
        long decay = Math.Max(1, totalSteps - warmup);
        double progress = Math.Min(1.0, (double)(step - warmup) / decay);
        return training.Lr * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
