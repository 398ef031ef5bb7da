namespace BeliefGeometry.Probing;

/// <summary>What a <see cref="FeatureSet"/> is.</summary>
public enum FeatureSetKind
{
    /// <summary>One hook point's activations.</summary>
    Block,

    /// <summary>Several blocks side by side (e.g. every layer's residual stream).</summary>
    Concatenation,

    /// <summary>Features computed from the prefixes, not the model (last tokens, next-token distribution).</summary>
    Baseline,

    /// <summary>
    /// Random features as wide as a set of the model's, fixed per prefix (<see cref="FeatureMatrix.Random"/>) and fitted
    /// and scored exactly as that set is: the score a real set must beat to mean anything.
    /// </summary>
    RandomNull,
}
