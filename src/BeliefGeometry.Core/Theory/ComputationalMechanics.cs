using System.Numerics.Tensors;
using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// The quantities of computational mechanics, one function each, in bits (loss floors in nats); see
/// docs/design.md section 1. Word statistics come from the mixed-state presentation: P(next | past) depends on
/// the past only through the belief η, so sums over words of length L become sums over the beliefs at depth L.
/// <see cref="ProcessTheory.Compute"/> composes them into a <see cref="TheoryReport"/>.
/// </summary>
public static class ComputationalMechanics
{
    private const int Chunk = 256;

    /// <summary>
    /// Block entropies H(L) = −Σ_{|w|=L} P(w) log₂ P(w) for L = 0…K, from the myopic entropies by the chain
    /// rule H(L) = Σ_{k=1…L} h(k); <paramref name="myopic"/>[k−1] is h(k), k = 1…K.
    /// </summary>
    public static double[] BlockEntropies(IReadOnlyList<double> myopic)
    {
        var block = new double[myopic.Count + 1];
        for (int l = 0; l < myopic.Count; l++) block[l + 1] = block[l] + myopic[l];
        return block;
    }

    /// <summary>
    /// Myopic entropy h(L+1) = H[X_{L+1} | X₁…X_L] = Σ_{η at depth L} P(η) H[P(· | η)], with
    /// L = <paramref name="level"/>.Depth and P(x | η) = η T⁽ˣ⁾τ.
    /// </summary>
    public static double MyopicEntropy(MixedStatePresentation msp, MspLevel level)
    {
        var graph = msp.Graph;
        int v = graph.Process.TokenCount;
        return WeightedEntropy(level, v, (id, row) => graph.NextTokenDistribution(id, row));
    }

    /// <summary>
    /// State uncertainty H[S | X₁…X_L] = Σ_{η at depth L} P(η) H[η], the synchronization curve: how much is
    /// still unknown about the hidden state after L tokens (L = <paramref name="level"/>.Depth; an HMM's beliefs
    /// are distributions over its states).
    /// </summary>
    public static double StateUncertainty(MixedStatePresentation msp, MspLevel level)
    {
        var graph = msp.Graph;
        return WeightedEntropy(level, graph.Process.StateCount, (id, row) => graph.Belief(id).CopyTo(row));
    }

    /// <summary>
    /// Component uncertainty H[C | X₁…X_L] = Σ_{η at depth L} P(η) H[P(c | η)] of a non-ergodic process, with
    /// P(c | η) = η·A[:, c] (<see cref="BeliefReadout.ComponentPosterior"/>): how much is still unknown about which
    /// component produced the sequence after L tokens.
    /// </summary>
    public static double ComponentUncertainty(MixedStatePresentation msp, MspLevel level, BeliefReadout posterior)
    {
        var graph = msp.Graph;
        return WeightedEntropy(level, posterior.Width, (id, row) =>
        {
            posterior.Apply(graph.Belief(id), row);
            for (int c = 0; c < row.Length; c++) row[c] = Math.Max(0, row[c]); // round-off below 0
        });
    }

    /// <summary>
    /// The spread of the beliefs at depth L about their mean μ = Σ P(η) η, and the part of it the next token cannot
    /// see: (Σ P(η) ‖P_null(η − μ)‖², Σ P(η) ‖η − μ‖²) with P_null the projection on null(Mᵀ)
    /// (<see cref="NextTokenSubspace"/>). Their ratio is the far-future fraction r of belief variance.
    /// </summary>
    public static (double Beyond, double Total) FarFutureVariance(MixedStatePresentation msp, MspLevel level, NextTokenSubspace subspace)
    {
        // When the next token sees every direction, r = 0 wherever beliefs vary, i.e. on any level of more than one
        // node (merged nodes are distinct beliefs): no pass over the level is needed.
        if (subspace.SeesEverything) return (0, level.NodeCount > 1 ? 1 : 0);
        var graph = msp.Graph;
        int n = graph.Process.StateCount;
        var mean = new double[n];
        var ids = level.BeliefIds;
        var probabilities = level.Probabilities;
        for (int k = 0; k < ids.Length; k++)
        {
            var belief = graph.Belief(ids[k]);
            for (int i = 0; i < n; i++) mean[i] += probabilities[k] * belief[i];
        }
        double weight = 0;
        foreach (double p in probabilities) weight += p;
        if (weight > 0) for (int i = 0; i < n; i++) mean[i] /= weight;
        var delta = new double[n];
        var beyond = new double[n];
        double total = 0, hidden = 0;
        for (int k = 0; k < ids.Length; k++)
        {
            var belief = graph.Belief(ids[k]);
            double squared = 0;
            for (int i = 0; i < n; i++) { delta[i] = belief[i] - mean[i]; squared += delta[i] * delta[i]; }
            total += probabilities[k] * squared;
            hidden += probabilities[k] * subspace.Beyond(delta, beyond);
        }
        return (hidden, total);
    }

    /// <summary>r = Beyond/Total from <see cref="FarFutureVariance"/> sums, clamped to [0, 1]; null where the beliefs do not vary.</summary>
    public static double? FarFutureFraction(double beyond, double total) => total > 1e-24 ? Math.Clamp(beyond / total, 0, 1) : null;

    /// <summary>
    /// The probability-weighted first and second moments of the beliefs at one level: S_w = Σp, Σp η and Σp ηηᵀ (n × n,
    /// row-major), which add across levels (<see cref="BeliefDimensions"/> pools them).
    /// </summary>
    public static (double Weight, double[] Sum, double[] Outer) BeliefMoments(MixedStatePresentation msp, MspLevel level)
    {
        ArgumentNullException.ThrowIfNull(msp);
        ArgumentNullException.ThrowIfNull(level);
        var graph = msp.Graph;
        int n = graph.Process.StateCount;
        var sum = new double[n];
        var outer = new double[n * n];
        double weight = 0;
        var ids = level.BeliefIds;
        var probabilities = level.Probabilities;
        for (int k = 0; k < ids.Length; k++)
        {
            var belief = graph.Belief(ids[k]);
            double p = probabilities[k];
            weight += p;
            for (int i = 0; i < n; i++)
            {
                double pi = p * belief[i];
                sum[i] += pi;
                for (int j = 0; j < n; j++) outer[i * n + j] += pi * belief[j];
            }
        }
        return (weight, sum, outer);
    }

    /// <summary>Entropy rate h_μ = Σ_σ π(σ) H[X | σ] over the causal states σ (exact: the ε-machine is unifilar).</summary>
    public static double EntropyRate(EpsilonMachine machine)
    {
        var p = machine.Presentation;
        Span<double> next = stackalloc double[p.TokenCount];
        double h = 0;
        for (int s = 0; s < p.StateCount; s++)
        {
            for (int x = 0; x < p.TokenCount; x++) next[x] = p.EmissionVector(x)[s];
            h += p.Stationary[s] * Information.Entropy(next);
        }
        return h;
    }

    /// <summary>Statistical complexity C_μ = H[S] = −Σ_σ π(σ) log₂ π(σ) over the causal states σ.</summary>
    public static double StatisticalComplexity(EpsilonMachine machine) => Information.Entropy(machine.Presentation.Stationary);

    /// <summary>
    /// Excess entropy E = Σ_{L≥1} (h(L) − h_μ), summed over the K terms given (<paramref name="myopic"/>[L−1] = h(L)).
    /// </summary>
    public static double ExcessEntropy(IReadOnlyList<double> myopic, double entropyRate)
    {
        double excess = 0;
        for (int l = 1; l <= myopic.Count; l++) excess += myopic[l - 1] - entropyRate;
        return excess;
    }

    /// <summary>
    /// Excess entropy where h_μ is only known as h(L): E ≈ H(L) − L·h(L) with L = <paramref name="myopic"/>.Count,
    /// a lower bound (the sum Σ_{k≤L} (h(k) − h(L))).
    /// </summary>
    public static double TruncatedExcessEntropy(IReadOnlyList<double> myopic)
    {
        int l = myopic.Count;
        double block = 0;
        for (int k = 0; k < l; k++) block += myopic[k];
        return block - l * myopic[l - 1];
    }

    /// <summary>
    /// Loss floor per position, in nats, of a model with <paramref name="positions"/> positions: position t has
    /// seen k = t+1 tokens without BOS (k = t with BOS at position 0) and its cross-entropy cannot beat
    /// h(k+1)·ln 2. <paramref name="myopic"/>[i] is h(i+1).
    /// </summary>
    public static double[] LossFloor(IReadOnlyList<double> myopic, int positions, bool bos)
    {
        var floor = new double[positions];
        for (int t = 0; t < positions; t++)
        {
            int seen = bos ? t : t + 1;
            floor[t] = Information.BitsToNats(myopic[seen]);
        }
        return floor;
    }

    /// <summary>
    /// Σₖ P(ηₖ) H[rowₖ] over the nodes of <paramref name="level"/>, rows of <paramref name="width"/> filled by
    /// <paramref name="fill"/> from the belief id, in chunks: −Σ (wₖ pₖᵢ) log₂ max(pₖᵢ, ε), where the ε guard
    /// makes 0·log 0 = 0.
    /// </summary>
    private static double WeightedEntropy(MspLevel level, int width, Action<int, Span<double>> fill)
    {
        var ids = level.BeliefIds;
        var probabilities = level.Probabilities;
        int chunk = Math.Min(Chunk, ids.Length);
        var rows = new double[chunk * width];
        var weighted = new double[chunk * width];
        double total = 0;
        for (int start = 0; start < ids.Length; start += chunk)
        {
            int size = Math.Min(chunk, ids.Length - start);
            for (int k = 0; k < size; k++) fill(ids[start + k], rows.AsSpan(k * width, width));
            var r = rows.AsSpan(0, size * width);
            var w = weighted.AsSpan(0, size * width);
            for (int k = 0, i = 0; k < size; k++)
                for (int j = 0; j < width; j++, i++) w[i] = probabilities[start + k];
            TensorPrimitives.Multiply(w, r, w);
            TensorPrimitives.Max(r, double.Epsilon, r);
            TensorPrimitives.Log2(r, r);
            total += -TensorPrimitives.Dot(w, r);
        }
        return total;
    }
}
