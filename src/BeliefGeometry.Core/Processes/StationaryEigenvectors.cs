using BeliefGeometry.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Processes;

/// <summary>π and τ: the left and right eigenvectors of T for eigenvalue 1, scaled so π·τ = 1.</summary>
internal static class StationaryEigenvectors
{
    /// <summary>
    /// π, τ and, for an HMM with several closed classes started from <paramref name="initial"/>, its ergodic
    /// components; without an initial state several closed classes are an error.
    /// </summary>
    public static (double[] Pi, double[] Tau, ErgodicComponents? Components) Compute(string source, HiddenMarkovProcess process,
        double[,] total, double[]? initial)
    {
        var t = Matrix<double>.Build.DenseOfArray(total);
        if (process.IsHmm) return ForHmm(source, process, t, initial);
        var (pi, tau) = ForGeneralized(source, total);
        return (pi, tau, null);
    }

    /// <summary>
    /// A stochastic T has one stationary distribution per closed class of states. Any positive entry, however
    /// small, links two states. π is found on each closed class by GTH elimination (<see cref="StationaryDistribution.Gth"/>),
    /// accurate for nearly decomposable chains, and is 0 on transient states. With one class that is π; with several
    /// (allowed only from an initial state η₀) π = Σ_c β_c π_c, β_c = P(absorbed in class c | η₀), the stationary law the
    /// process settles into.
    /// </summary>
    private static (double[], double[], ErgodicComponents?) ForHmm(string source, HiddenMarkovProcess process, Matrix<double> t, double[]? initial)
    {
        int n = process.StateCount;
        var states = process.States;
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var closed = StronglyConnectedComponents.Closed(n, i => Enumerable.Range(0, n).Where(j => t[i, j] > 0));
        string Names(IEnumerable<int> c) => "{" + string.Join(", ", c.Select(i => states[i])) + "}";
        if (closed.Count > 1 && initial is null)
            throw new ProcessException(
                $"{source}: the process has {closed.Count} stationary distributions, one per closed class of states {string.Join(", ", closed.Select(Names))}; it must have exactly one (make the classes reachable from each other), or give an initial_state to choose the mixture");
        double[] ClassStationary(int[] members) => StationaryDistribution.Gth(t.ToArray(), members)
            ?? throw new ProcessException(
                $"{source}: the transitions between states {Names(members)} are too small to be represented (the chain is reducible in floating point); make them larger");
        if (closed.Count == 1)
            return (ClassStationary(closed[0]), ones, null);

        var absorption = Absorption(t, closed);
        var weights = new double[closed.Count];
        var pi = new double[n];
        var processes = new HiddenMarkovProcess[closed.Count];
        for (int c = 0; c < closed.Count; c++)
        {
            for (int i = 0; i < n; i++) weights[c] += initial![i] * absorption[i * closed.Count + c];
            var stationary = ClassStationary(closed[c]);
            for (int i = 0; i < n; i++) pi[i] += weights[c] * stationary[i];
            processes[c] = Restricted(process, closed[c]);
        }
        var components = new ErgodicComponents(closed.Select(Names).ToArray(), weights, processes, absorption);
        return (pi, ones, components);
    }

    /// <summary>
    /// A[i, c] = P(absorbed in closed class c | start in i): 1 on class c, 0 on the other classes, and on the
    /// transient states the solution of (I − Q) A = R, Q the transient-to-transient block and R[i, c] = Σ_{j∈c} T[i, j].
    /// </summary>
    private static double[] Absorption(Matrix<double> t, List<int[]> closed)
    {
        int n = t.RowCount, count = closed.Count;
        var a = new double[n * count];
        var inClass = Enumerable.Repeat(-1, n).ToArray();
        for (int c = 0; c < count; c++)
            foreach (int i in closed[c]) { inClass[i] = c; a[i * count + c] = 1; }
        var transient = Enumerable.Range(0, n).Where(i => inClass[i] < 0).ToArray();
        if (transient.Length == 0) return a;
        var system = Matrix<double>.Build.Dense(transient.Length, transient.Length);
        var right = Matrix<double>.Build.Dense(transient.Length, count);
        for (int r = 0; r < transient.Length; r++)
        {
            int i = transient[r];
            system[r, r] = 1;
            for (int s = 0; s < transient.Length; s++) system[r, s] -= t[i, transient[s]];
            for (int j = 0; j < n; j++)
                if (inClass[j] >= 0) right[r, inClass[j]] += t[i, j];
        }
        var solved = system.Solve(right);
        for (int r = 0; r < transient.Length; r++)
            for (int c = 0; c < count; c++) a[transient[r] * count + c] = Math.Clamp(solved[r, c], 0, 1);
        return a;
    }

    /// <summary>The HMM restricted to one closed class of its states (rows stay stochastic: nothing leaves a closed class).</summary>
    private static HiddenMarkovProcess Restricted(HiddenMarkovProcess process, int[] members)
    {
        var matrices = new double[process.TokenCount][,];
        for (int x = 0; x < process.TokenCount; x++)
        {
            var m = new double[members.Length, members.Length];
            for (int a = 0; a < members.Length; a++)
                for (int b = 0; b < members.Length; b++)
                    m[a, b] = process[x, members[a], members[b]];
            matrices[x] = m;
        }
        var names = members.Select(i => process.States[i]).ToArray();
        return new HiddenMarkovProcess($"{process.Name}[{string.Join(",", names)}]", process.Tokens, names, matrices,
            description: $"closed class of {process.Name}");
    }

    /// <summary>For a generalized HMM, eigenvalue 1 of T must be simple; π and τ come from the SVD of T − I.</summary>
    public static (double[] Pi, double[] Tau) ForGeneralized(string source, double[,] total)
    {
        var a = Matrix<double>.Build.DenseOfArray(total) - Matrix<double>.Build.DenseIdentity(total.GetLength(0));
        int n = a.RowCount;
        var svd = a.Svd(computeVectors: true);
        double scale = Math.Max(1, svd.S[0]);
        int nullity = svd.S.Count(s => s <= 1e-9 * scale);
        if (nullity == 0)
            throw new ProcessException($"{source}: T = Σₓ T⁽ˣ⁾ has no eigenvalue 1, so the process has no stationary distribution");
        if (nullity > 1)
            throw new ProcessException($"{source}: eigenvalue 1 of T = Σₓ T⁽ˣ⁾ has multiplicity {nullity}, so the process has several stationary distributions; a generalized HMM must have exactly one (give a non-ergodic mixture of generalized HMMs as a mixture spec, e.g. 0.5@a.json+0.5@b.json)");
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
