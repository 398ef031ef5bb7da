using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// The theory of a product of independent factors from each factor's own theory (docs/design.md section 1.9), without
/// enumerating joint words. Joint words are tuples of factor words drawn independently, so
/// H(L) = Σ_k H_k(L), h(L) = Σ_k h_k(L), h_μ = Σ_k h_μ(k), E = Σ_k E_k, C_μ = Σ_k C_μ(k) (the causal states are tuples),
/// H[S | X^L] = Σ_k H_k[S | X^L]; the joint beliefs at depth L are the tensor products ⊗_k η_k of the factors' beliefs at
/// depth L, so their number (and that of next-token distributions) is Π_k of the factors'; the next-token matrix is
/// ⊗_k M_k, of rank Π_k rank_k. Quantities that do not factor (r, the belief dimensions, distinct beliefs over all
/// depths) are not reported, and the notes say so.
/// </summary>
public static class ProductTheory
{
    /// <summary>A product is computed per factor when its joint words of the requested length pass this count.</summary>
    public const double JointWordLimit = 1 << 20;

    /// <summary>True when <paramref name="process"/> is a product whose joint words at <paramref name="depth"/> are too many to enumerate.</summary>
    public static bool Applies(HiddenMarkovProcess process, int depth) =>
        process.Factors is { Count: > 1 } && !process.HasInitialState && Math.Pow(process.TokenCount, depth) > JointWordLimit;

    /// <summary>Composes the factors' theories (each to depth L + 1, for the loss floor) into the product's to depth L.</summary>
    public static TheoryReport Compute(HiddenMarkovProcess process, TheoryOptions options)
    {
        var factors = process.Factors ?? throw new ArgumentException("not a product", nameof(process));
        // Each distinct factor once (a spec names its process exactly: mess3*mess3 computes Mess3 once).
        var byName = factors.Select(f => f.Name).Distinct()
            .ToDictionary(name => name, name => ProcessTheory.Compute(factors.First(f => f.Name == name), options with { Depth = options.Depth + 1 }));
        var reports = factors.Select(f => byName[f.Name]).ToArray();
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
            "H(L), h(L), h_μ, E, C_μ, the loss floors, H[S|X^L], the distinct beliefs and next-token distributions per depth and the next-token rank are sums or products of the factors' and exact as the factors' are; " +
            "r, the belief dimensions and the distinct beliefs over all depths do not factor and are not reported.",
        };
        var beliefs = Product(r => r.UniqueBeliefsAtDepth, depth + 1);
        if (Array.IndexOf(beliefs, int.MaxValue) is var capped and >= 0)
            notes.Add($"The distinct beliefs per depth pass {int.MaxValue:N0} from L = {capped} on and are shown as {int.MaxValue:N0}.");
        foreach (var (name, report) in byName)
        {
            var at = Enumerable.Range(0, factors.Count).Where(k => factors[k].Name == name).ToList();
            notes.AddRange(report.Notes.Select(n => $"{(at.Count == 1 ? "factor" : "factors")} {string.Join(", ", at)} ({name}): {n}"));
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
            NextTokenRank = reports.Aggregate(1, (p, r) => p * r.NextTokenRank),
            FarFutureFractionAtDepth = new double?[depth + 1],
            FarFutureFraction = null,
            BeliefExplainedVariance = null,
            BeliefDimensionsAt = null,
            LossFloorNats = ComputationalMechanics.LossFloor(myopic, depth, bos: false),
            LossFloorNatsBos = ComputationalMechanics.LossFloor(myopic, depth, bos: true),
            Notes = notes,
        };
    }
}
