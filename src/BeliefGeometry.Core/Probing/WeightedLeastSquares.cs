namespace BeliefGeometry.Probing;

/// <summary>
/// Weighted least squares with intercept from sufficient statistics: minimise Σ w (y − a − xB)², i.e. solve
/// the centered normal equations C_xx B = C_xy (C_xx = XᵀWX − S_w x̄x̄ᵀ, C_xy = XᵀWY − S_w x̄ȳᵀ), a = ȳ − x̄ᵀB.
/// Solved in standardised coordinates (z_j = (x_j − x̄_j)/s_j, s_j the weighted standard deviation) by Cholesky;
/// if that fails or the condition number exceeds 1/cutoff, by a pseudo-inverse from the symmetric
/// eigendecomposition (eigenvalues below cutoff · largest dropped; the minimum-norm solution in z). Constant
/// features (e.g. a fixed-position embedding) get coefficient 0.
/// <para>Ridge: minimise Σw(y − a − xB)²/S_w + λ Σ_j s_j² ‖B_j‖² — the penalty acts on the standardised
/// coefficients s_j B_j, so λ is dimensionless (relative to unit-variance features) and the intercept is not
/// penalised: (C_zz + λI) C = C_zy.</para>
/// </summary>
public static class WeightedLeastSquares
{
    /// <summary>Relative eigenvalue cutoff of the pseudo-inverse fallback.</summary>
    public const double DefaultRelativeCutoff = 1e-10;

    /// <summary>Least squares (λ = 0) or ridge (λ &gt; 0) from <paramref name="stats"/>.</summary>
    public static LinearCoefficients Fit(SufficientStatistics stats, double penalty = 0, double relativeCutoff = DefaultRelativeCutoff)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfNegative(penalty);
        if (!(relativeCutoff > 0 && relativeCutoff < 1)) throw new ArgumentOutOfRangeException(nameof(relativeCutoff), "must be in (0, 1)");
        using var problem = new StandardizedProblem(stats);
        return problem.Solve(penalty, relativeCutoff);
    }

    /// <summary>
    /// One fit per range of target columns, range i with penalty <paramref name="penalties"/>[i], from the same
    /// statistics: the standardisation is shared and each distinct λ is solved once for every target (a target's
    /// fit does not depend on the others), then cut into the ranges.
    /// </summary>
    public static LinearCoefficients[] Fit(SufficientStatistics stats, IReadOnlyList<ColumnRange> targets, IReadOnlyList<double> penalties,
        double relativeCutoff = DefaultRelativeCutoff)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(penalties);
        if (targets.Count != penalties.Count) throw new ArgumentException($"{targets.Count} target ranges but {penalties.Count} penalties", nameof(penalties));
        if (!(relativeCutoff > 0 && relativeCutoff < 1)) throw new ArgumentOutOfRangeException(nameof(relativeCutoff), "must be in (0, 1)");
        using var problem = new StandardizedProblem(stats);
        var byPenalty = new Dictionary<double, LinearCoefficients>();
        var result = new LinearCoefficients[targets.Count];
        for (int i = 0; i < targets.Count; i++)
        {
            double lambda = penalties[i];
            ArgumentOutOfRangeException.ThrowIfNegative(lambda, nameof(penalties));
            if (!byPenalty.TryGetValue(lambda, out var all))
                byPenalty[lambda] = all = problem.Solve(lambda, relativeCutoff);
            result[i] = all.SelectTargets(targets[i]);
        }
        return result;
    }
}
