namespace BeliefGeometry.Probing;

/// <summary>
/// The named probe protocols (docs/design.md §2.5). <c>heldout</c> is the tool's own: rows weighted by P(prefix), a
/// stratified 20/80 split, the held-out score leading, beside its nulls. <c>published</c> reproduces the figures of
/// Shai et al. (2024): every positive-probability word of length n_ctx read at every position with equal weights,
/// ordinary least squares with intercept fitted and scored on the same rows, the MSE over rows and belief dimensions, for
/// <c>blocks.0.hook_resid_pre</c>, every <c>blocks.{l}.hook_resid_post</c>, <c>ln_final.hook_normalized</c>, their
/// concatenation, and the concatenation of every resid_pre/mid/post point (whose distance correlations the RRXOR figure shows).
/// </summary>
public static class ProbeProtocols
{
    public const string HeldOut = "heldout";
    public const string Published = "published";

    /// <summary>The published concatenation's name in the results.</summary>
    public const string PublishedConcatenation = "published concatenation";

    /// <summary>The concatenation of every resid_pre, resid_mid and resid_post point.</summary>
    public const string ResidualPoints = "all residual points";

    public static IReadOnlyList<string> Names { get; } = [HeldOut, Published];

    /// <summary>
    /// <paramref name="settings"/> under the protocol <paramref name="name"/> for a TransformerLens model of
    /// <paramref name="layers"/> blocks (with a final LayerNorm when <paramref name="finalNorm"/>): unchanged for
    /// <c>heldout</c>; for <c>published</c> the rows, scoring, estimator and feature sets above.
    /// </summary>
    public static ProbeSettings Apply(string name, ProbeSettings settings, int layers, bool finalNorm)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (name == HeldOut) return settings with { Protocol = HeldOut };
        if (name != Published)
            throw new InputException($"probe protocol '{name}' is unknown; use one of {string.Join(", ", Names)}");
        string[] published = [.. PublishedHooks(layers, finalNorm)];
        return settings with
        {
            Protocol = Published,
            Rows = RowWeighting.SequenceCount,
            Scoring = Scoring.InSample,
            Ridge = RidgeMode.Never,
            SplitSeeds = 0,
            CrossValidate = false,
            TrainFractionSweep = [],
            Probed = published,
            Concatenate = true,
            ConcatenationOf = published,
            ConcatenationName = PublishedConcatenation,
            FeatureSets = [new NamedFeatureSet(ResidualPoints, [.. ResidualPointHooks(layers)])],
        };
    }

    /// <summary>The hook points <paramref name="name"/> reads (every block's resid_pre, resid_mid, resid_post and ln_final for <c>published</c>); empty for <c>heldout</c>, which reads the run's own.</summary>
    public static IReadOnlyList<string> Hooks(string name, int layers, bool finalNorm) =>
        name == Published ? [.. ResidualPointHooks(layers), .. finalNorm ? new[] { FinalNorm } : []] : [];

    private const string FinalNorm = "ln_final.hook_normalized";

    private static IEnumerable<string> PublishedHooks(int layers, bool finalNorm) =>
        ["blocks.0.hook_resid_pre", .. Enumerable.Range(0, layers).Select(l => $"blocks.{l}.hook_resid_post"), .. finalNorm ? new[] { FinalNorm } : []];

    private static IEnumerable<string> ResidualPointHooks(int layers) =>
        Enumerable.Range(0, layers).SelectMany(l => new[] { $"blocks.{l}.hook_resid_pre", $"blocks.{l}.hook_resid_mid", $"blocks.{l}.hook_resid_post" });
}
