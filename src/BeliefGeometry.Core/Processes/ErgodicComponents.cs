namespace BeliefGeometry.Processes;

/// <summary>
/// The ergodic components of a non-ergodic process: a sequence comes from one of them, chosen at the start
/// with probability <see cref="Weights"/>[c], and stays in it (docs/design.md section 1.11). For a belief η
/// (η·τ = 1) the posterior over components is linear in η: P(c | past) = η·A[:, c] (<see cref="Posterior"/>);
/// where A[i, c] (<see cref="Beliefs.BeliefReadout.ComponentPosterior"/>) is the probability that state i ends in component c times τᵢ — for an HMM the probability of
/// absorption into closed class c from state i; for a mixture's block-diagonal presentation τᵢ on block c.
/// </summary>
public sealed class ErgodicComponents
{
    private readonly double[] _posterior; // [i][c], n × C

    internal ErgodicComponents(IReadOnlyList<string> names, IReadOnlyList<double> weights,
        IReadOnlyList<HiddenMarkovProcess> processes, double[] posterior)
    {
        Names = names;
        Weights = weights;
        Processes = processes;
        _posterior = posterior;
    }

    /// <summary>One name per component (a mixture's component spec, or a closed class's states {A, B}).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>β_c: the probability that a sequence comes from component c (from the initial state).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Each component as an ergodic process of its own.</summary>
    public IReadOnlyList<HiddenMarkovProcess> Processes { get; }

    public int Count => Names.Count;

    /// <summary>A[i, c], row-major n × C: the component posterior of a belief is η·A.</summary>
    public ReadOnlySpan<double> Posterior => _posterior;
}
