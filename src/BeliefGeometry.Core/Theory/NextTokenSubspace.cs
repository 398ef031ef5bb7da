using MathNet.Numerics.LinearAlgebra;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// What of a belief the next token can see. P(x | η) = η·M[·, x] with M[s, x] = (T⁽ˣ⁾τ)_s (for an HMM M = E, the
/// matrix of next-token probabilities per state, E[s, x] = P(x | s)). A change δη of the belief moves the
/// next-token distribution only through its projection on the column space col(M) ⊂ ℝ^S; the orthogonal rest lies
/// in null(Mᵀ) and is information about the future beyond the next token (docs/design.md section 1, "Beyond the
/// next token"). The split uses the Euclidean inner product of the belief coordinates the probes fit.
/// </summary>
public sealed class NextTokenSubspace
{
    private readonly double[] _basis; // an orthonormal basis of col(M): Rank rows of length S

    public NextTokenSubspace(HiddenMarkovProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        int s = StateCount = process.StateCount, v = process.TokenCount;
        var m = Matrix<double>.Build.Dense(s, v, (i, x) => process.EmissionVector(x)[i]);
        var svd = m.Svd(computeVectors: true);
        var sigma = svd.S;
        double cutoff = 1e-12 * Math.Max(s, v) * (sigma.Count > 0 ? sigma[0] : 0);
        Rank = sigma.Count(value => value > cutoff);
        _basis = new double[Rank * s];
        for (int k = 0; k < Rank; k++)
            for (int i = 0; i < s; i++) _basis[k * s + i] = svd.U[i, k];
    }

    public int StateCount { get; }

    /// <summary>dim col(M): the number of independent directions of belief the next token responds to.</summary>
    public int Rank { get; }

    /// <summary>True when every direction of belief moves the next-token distribution (Rank = S, e.g. Mess3): nothing lies beyond it.</summary>
    public bool SeesEverything => Rank == StateCount;

    /// <summary>
    /// The part of <paramref name="delta"/> in null(Mᵀ), δ − Σ_k (u_k·δ) u_k, into <paramref name="beyond"/>; returns its
    /// squared norm.
    /// </summary>
    public double Beyond(ReadOnlySpan<double> delta, Span<double> beyond)
    {
        int s = StateCount;
        delta[..s].CopyTo(beyond);
        for (int k = 0; k < Rank; k++)
        {
            var u = _basis.AsSpan(k * s, s);
            double c = 0;
            for (int i = 0; i < s; i++) c += u[i] * delta[i];
            for (int i = 0; i < s; i++) beyond[i] -= c * u[i];
        }
        double norm = 0;
        for (int i = 0; i < s; i++) norm += beyond[i] * beyond[i];
        return norm;
    }
}
