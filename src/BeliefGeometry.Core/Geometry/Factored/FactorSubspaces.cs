namespace BeliefGeometry.Geometry.Factored;

/// <summary>
/// Where one factor of a product lives in a set of activations, estimated twice (docs/design.md section 2.7):
/// <see cref="Probe"/> from its fitted belief probe (null without one) and <see cref="Frozen"/> from the activations'
/// covariance while only this factor varies, pooled over <see cref="FrozenGroups"/> groups of <see cref="FrozenRows"/>
/// prefixes. <see cref="Agreement"/> is the overlap of the two (1 = the same subspace), beside
/// <see cref="AgreementRandom"/>, the mean overlap of random subspaces of their size.
/// </summary>
public sealed record FactorSubspaces(int Factor, Subspace? Probe, Subspace Frozen, int FrozenGroups, int FrozenRows, double? Agreement,
    double AgreementRandom);
