using BeliefGeometry.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Processes;

/// <summary>π and τ: the left and right eigenvectors of T for eigenvalue 1, scaled so π·τ = 1.</summary>
internal static class StationaryEigenvectors
{
    public static (double[] Pi, double[] Tau) Compute(string source, double[,] total, IReadOnlyList<string> states, bool isHmm)
    {
        int n = states.Count;
        var t = Matrix<double>.Build.DenseOfArray(total);
        var a = t - Matrix<double>.Build.DenseIdentity(n);
        return isHmm ? ForHmm(source, t, states) : ForGeneralized(source, a);
    }

    /// <summary>
    /// A stochastic T has one stationary distribution per closed class of states; exactly one is required.
    /// Any positive entry, however small, links two states. π is found on the closed class by GTH elimination
    /// (<see cref="StationaryDistribution.Gth"/>), accurate for nearly decomposable chains, and is 0 on transient states.
    /// </summary>
    private static (double[], double[]) ForHmm(string source, Matrix<double> t, IReadOnlyList<string> states)
    {
        int n = states.Count;
        var closed = StronglyConnectedComponents.Closed(n, i => Enumerable.Range(0, n).Where(j => t[i, j] > 0));
        if (closed.Count > 1)
        {
            string classes = string.Join(", ", closed.Select(c => "{" + string.Join(", ", c.Select(i => states[i])) + "}"));
            throw new ProcessException(
                $"{source}: the process has {closed.Count} stationary distributions, one per closed class of states {classes}; it must have exactly one (make the classes reachable from each other)");
        }
        var pi = StationaryDistribution.Gth(t.ToArray(), closed[0])
            ?? throw new ProcessException(
                $"{source}: the transitions between states {{{string.Join(", ", closed[0].Select(i => states[i]))}}} are too small to be represented (the chain is reducible in floating point); make them larger");
        return (pi, Enumerable.Repeat(1.0, n).ToArray());
    }

    /// <summary>For a generalized HMM, eigenvalue 1 of T must be simple; π and τ come from the SVD of T − I.</summary>
    private static (double[], double[]) ForGeneralized(string source, Matrix<double> a)
    {
        int n = a.RowCount;
        var svd = a.Svd(computeVectors: true);
        double scale = Math.Max(1, svd.S[0]);
        int nullity = svd.S.Count(s => s <= 1e-9 * scale);
        if (nullity == 0)
            throw new ProcessException($"{source}: T = Σₓ T⁽ˣ⁾ has no eigenvalue 1, so the process has no stationary distribution");
        if (nullity > 1)
            throw new ProcessException($"{source}: eigenvalue 1 of T = Σₓ T⁽ˣ⁾ has multiplicity {nullity}, so the process has several stationary distributions; it must have exactly one");
        var pi = svd.U.Column(n - 1).ToArray();
        var tau = svd.VT.Row(n - 1).ToArray();
        double sum = pi.Sum();
        if (Math.Abs(sum) > 1e-12)
            for (int i = 0; i < n; i++) pi[i] /= sum;
        double dot = 0;
        for (int i = 0; i < n; i++) dot += pi[i] * tau[i];
        if (Math.Abs(dot) < 1e-12)
            throw new ProcessException($"{source}: the left and right eigenvectors of T for eigenvalue 1 are orthogonal (π·τ = 0), so word probabilities are undefined");
        for (int i = 0; i < n; i++) tau[i] /= dot;
        return (pi, tau);
    }
}
