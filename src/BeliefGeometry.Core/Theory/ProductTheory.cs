using BeliefGeometry.Numerics;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// The theory of a product of independent factors from each factor's own theory (docs/design.md section 1.9), without
/// enumerating joint words. Joint words are tuples of factor words drawn independently, so
/// H(L) = Σ_k H_k(L), h(L) = Σ_k h_k(L), h_μ = Σ_k h_μ(k), E = Σ_k E_k, C_μ = Σ_k C_μ(k) (the causal states are tuples),
/// H[S | X^L] = Σ_k H_k[S | X^L]; the joint beliefs at depth L are the tensor products ⊗_k η_k of the factors' beliefs at
/// depth L, so their number (and that of next-token distributions) is Π_k of the factors'; the next-token matrix is
/// ⊗_k M_k, of rank Π_k rank_k. The factors' beliefs at one depth are independent, so the joint beliefs' moments at
/// depth L are tensor products of the factors': Σp = Π_k Σp_k, Σpη = ⊗_k Σp_kη_k, Σpηηᵀ = ⊗_k Σp_kη_kη_kᵀ; from them
/// come the belief dimensions and the far-future fraction r exactly (for at most <see cref="BeliefDimensions.MaxStates"/>
/// joint states). The distinct beliefs over all depths do not factor and are not reported; the notes say so.
/// </summary>
public static class ProductTheory
{
    /// <summary>A product is computed per factor when its joint words of the requested length pass this count.</summary>
    public const double JointWordLimit = 1 << 20;

    /// <summary>True when <paramref name="process"/> is a product whose joint words at <paramref name="depth"/> are too many to enumerate.</summary>
    /// <remarks>
    /// Only an independent product started at π (no factor with an initial state: the factors' theories start at their
    /// own η₀, the joint one at ⊗η₀, and composing them needs no more than that, but a chain's factors are not independent).
    /// </remarks>
    public static bool Applies(HiddenMarkovProcess process, int depth) =>
        process is { FactorsIndependent: true, Factors.Count: > 1 } && process.Factors.All(f => !f.HasInitialState && f.Components is null)
        && depth < ProcessTheory.MaxDepth && Math.Pow(process.TokenCount, depth) > JointWordLimit;

    /// <summary>Composes the factors' theories (each to depth L + 1, for the loss floor) into the product's to depth L.</summary>
    public static TheoryReport Compute(HiddenMarkovProcess process, TheoryOptions options)
    {
        var factors = process.Factors ?? throw new ArgumentException("not a product", nameof(process));
        // Each distinct factor once (mess3*mess3 computes Mess3 once); factors are the same when their matrices are.
        var distinct = new List<(HiddenMarkovProcess Process, TheoryReport Report)>();
        var reports = new TheoryReport[factors.Count];
        for (int k = 0; k < factors.Count; k++)
        {
            int found = distinct.FindIndex(d => SameProcess(d.Process, factors[k]));
            if (found < 0)
            {
                distinct.Add((factors[k], ProcessTheory.Compute(factors[k], options with { Depth = options.Depth + 1 })));
                found = distinct.Count - 1;
            }
            reports[k] = distinct[found].Report;
        }
        int depth = options.Depth;
        double[] Sum(Func<TheoryReport, IReadOnlyList<double>> of, int count) =>
            [.. Enumerable.Range(0, count).Select(l => reports.Sum(r => of(r)[l]))];
        int[] Product(Func<TheoryReport, IReadOnlyList<int>> of, int count) =>
            [.. Enumerable.Range(0, count).Select(l => (int)Math.Min(int.MaxValue, reports.Aggregate(1.0, (p, r) => p * of(r)[l])))];
        var myopic = Sum(r => r.MyopicEntropyBits, depth + 1); // h(1…L+1)
        bool rateExact = reports.All(r => r.EntropyRateExact), excessExact = reports.All(r => r.ExcessEntropyExact);
        var notes = new List<string>
        {
            $"Computed per factor ({string.Join(" × ", factors.Select(f => f.Name))}): the joint words of length {depth} number {Math.Pow(process.TokenCount, depth):0.###e0}. " +
            "H(L), h(L), h_μ, E, C_μ, the loss floors, H[S|X^L], the distinct beliefs and next-token distributions per depth and the beliefs' moments (hence r and the belief dimensions) are sums or products of the factors' and exact as the factors' are; " +
            "the distinct beliefs over all depths do not factor and are not reported.",
        };
        var moments = JointMoments(process, reports, depth);
        var explained = moments is null ? null : BeliefDimensions.CumulativeExplainedVariance(process.StateCount, moments.Skip(1));
        var subspace = new NextTokenSubspace(process);
        var spreads = moments?.Select(m => Spread(subspace, m)).ToArray();
        var farFuture = spreads is null ? new double?[depth + 1] : [.. spreads.Select(s => ComputationalMechanics.FarFutureFraction(s.Beyond, s.Total))];
        // r pooled over L = 1…depth with each length weighing 1, as ProcessTheory pools it.
        double? pooled = spreads is null ? null : ComputationalMechanics.FarFutureFraction(spreads.Skip(1).Sum(s => s.Beyond), spreads.Skip(1).Sum(s => s.Total));
        if (moments is null)
            notes.Add($"r and the belief dimensions need the joint moments, composed for at most {BeliefDimensions.MaxStates} joint states; this product has {process.StateCount}.");
        var beliefs = Product(r => r.UniqueBeliefsAtDepth, depth + 1);
        if (Array.IndexOf(beliefs, int.MaxValue) is var capped and >= 0)
            notes.Add($"The distinct beliefs per depth pass {int.MaxValue:N0} from L = {capped} on and are shown as {int.MaxValue:N0}.");
        foreach (var (factor, report) in distinct)
        {
            var at = Enumerable.Range(0, factors.Count).Where(k => ReferenceEquals(reports[k], report)).ToList();
            notes.AddRange(report.Notes.Select(n => $"{(at.Count == 1 ? "factor" : "factors")} {string.Join(", ", at)} ({factor.Name}): {n}"));
        }
        return new TheoryReport
        {
            Process = process.Name,
            Tokens = process.Tokens,
            States = process.States,
            IsHmm = process.IsHmm,
            Stationary = process.Stationary.ToArray(),
            Depth = depth,
            Tolerance = options.Tolerance,
            BlockEntropyBits = ComputationalMechanics.BlockEntropies(myopic[..depth]),
            MyopicEntropyBits = myopic[..depth],
            EntropyRateBits = reports.Sum(r => r.EntropyRateBits),
            EntropyRateExact = rateExact,
            ExcessEntropyBits = reports.Sum(r => r.ExcessEntropyBits),
            ExcessEntropyExact = excessExact,
            ExcessEntropyDepth = reports.Max(r => r.ExcessEntropyDepth),
            ExcessEntropyLastTermBits = reports.Sum(r => r.ExcessEntropyLastTermBits),
            StatisticalComplexityBits = reports.All(r => r.StatisticalComplexityBits is not null) ? reports.Sum(r => r.StatisticalComplexityBits!.Value) : null,
            CausalStates = reports.All(r => r.CausalStates is not null) ? (int)Math.Min(int.MaxValue, reports.Aggregate(1.0, (p, r) => p * r.CausalStates!.Value)) : null,
            UniqueBeliefsAtDepth = beliefs,
            TotalUniqueBeliefs = null,
            UniqueNextTokenDistributionsAtDepth = Product(r => r.UniqueNextTokenDistributionsAtDepth, depth + 1),
            TotalUniqueNextTokenDistributions = null,
            SynchronizationBits = reports.All(r => r.SynchronizationBits is not null) ? Sum(r => r.SynchronizationBits!, depth + 1) : null,
            NextTokenRank = subspace.Rank,
            FarFutureFractionAtDepth = farFuture,
            FarFutureFraction = pooled,
            BeliefExplainedVariance = explained,
            BeliefDimensionsAt = explained is null ? null : BeliefDimensions.Dimensions(explained),
            BeliefMomentsAtDepth = moments,
            LossFloorNats = ComputationalMechanics.LossFloor(myopic, depth, bos: false),
            LossFloorNatsBos = ComputationalMechanics.LossFloor(myopic, depth, bos: true),
            Notes = notes,
        };
    }

    /// <summary>Same tokens, states and matrices (two files of one name can hold different processes).</summary>
    private static bool SameProcess(HiddenMarkovProcess a, HiddenMarkovProcess b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.TokenCount != b.TokenCount || a.StateCount != b.StateCount || !a.Tokens.SequenceEqual(b.Tokens)) return false;
        for (int x = 0; x < a.TokenCount; x++)
            if (!a.TokenMatrix(x).SequenceEqual(b.TokenMatrix(x))) return false;
        return true;
    }

    /// <summary>The joint beliefs' moments per depth L = 0…depth as tensor products of the factors'; null when a factor has none or the product is too wide.</summary>
    private static (double Weight, double[] Sum, double[] Outer)[]? JointMoments(HiddenMarkovProcess process, TheoryReport[] reports, int depth)
    {
        if (process.StateCount > BeliefDimensions.MaxStates || reports.Any(r => r.BeliefMomentsAtDepth is null)) return null;
        var joint = new (double, double[], double[])[depth + 1];
        for (int l = 0; l <= depth; l++)
        {
            double weight = 1;
            double[] sum = [1], outer = [1];
            foreach (var report in reports)
            {
                var (w, s, o) = report.BeliefMomentsAtDepth![l];
                weight *= w;
                outer = Kronecker.Product(outer, sum.Length, o, s.Length);
                sum = Kronecker.Product(sum, 1, s, 1);
            }
            joint[l] = (weight, sum, outer);
        }
        return joint;
    }

    /// <summary>
    /// From one depth's moments: (tr(P_null C), tr C) with C = Σpηηᵀ − (Σpη)(Σpη)ᵀ/Σp the weighted scatter about the mean
    /// and P_null the projection on null(Mᵀ) (<see cref="NextTokenSubspace"/>), as <see cref="ComputationalMechanics.FarFutureVariance"/> sums it.
    /// </summary>
    private static (double Beyond, double Total) Spread(NextTokenSubspace subspace, (double Weight, double[] Sum, double[] Outer) m)
    {
        int n = subspace.StateCount;
        if (!(m.Weight > 0)) return (0, 0);
        var column = new double[n];
        var projected = new double[n];
        double beyond = 0, total = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++) column[i] = m.Outer[i * n + j] - m.Sum[i] * m.Sum[j] / m.Weight;
            total += column[j];
            subspace.Beyond(column, projected);
            beyond += projected[j];
        }
        return (beyond, total);
    }
}
