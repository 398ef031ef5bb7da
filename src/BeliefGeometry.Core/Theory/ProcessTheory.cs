using BeliefGeometry.Beliefs;
using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Theory;

/// <summary>
/// The aggregate theory of a process (<see cref="TheoryReport"/>): builds its mixed-state presentation with merged
/// beliefs level by level, finds its ε-machine, and composes the quantities of <see cref="ComputationalMechanics"/>.
/// </summary>
public static class ProcessTheory
{
    /// <summary>Levels with at least this many nodes are summarized on another thread.</summary>
    private const int ParallelLevelSize = 4096;

    /// <summary>Largest depth <see cref="Compute"/> accepts (deep finite MSPs cost a few hundred bytes a level).</summary>
    public const int MaxDepth = 1_000_000;

    /// <summary>The merging tolerances <see cref="Compute"/> accepts: finer than 1e-15 merges nothing round-off has not split.</summary>
    public const string ToleranceRange = "1e-15 ≤ tolerance < 0.5";

    public static bool AllowsTolerance(double tolerance) => tolerance >= 1e-15 && tolerance < 0.5;

    /// <summary>The ε-machine, when the process is unifilar or its MSP has a finite recurrent part among the beliefs explored.</summary>
    /// <remarks>A non-ergodic process (<see cref="HiddenMarkovProcess.Components"/>) has no single recurrent set: none is sought.</remarks>
    public static EpsilonMachine? FindEpsilonMachine(HiddenMarkovProcess process, MixedStatePresentation msp) =>
        process.Components is not null ? null
        : process.IsUnifilar ? EpsilonMachine.FromUnifilar(process, msp.Options.Tolerance)
        : EpsilonMachine.FromBeliefGraph(msp.Graph);

    /// <summary>
    /// The per-position loss floor (nats) of a model with <paramref name="layout"/>: h(k+1)·ln 2 at each position, k the
    /// tokens it has seen there (docs/design.md section 1.8), from the theory to depth n_ctx + 1.
    /// </summary>
    public static double[] LossFloor(HiddenMarkovProcess process, SequenceLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var theory = Compute(process, new TheoryOptions(Depth: layout.ContextLength + 1));
        return ComputationalMechanics.LossFloor(theory.MyopicEntropyBits, layout.ContextLength, layout.Bos);
    }

    /// <summary>All quantities to depth L (see <see cref="TheoryReport"/>).</summary>
    public static TheoryReport Compute(HiddenMarkovProcess process, TheoryOptions? options = null)
    {
        options ??= new TheoryOptions();
        int depth = options.Depth;
        if (depth < 1 || depth > MaxDepth)
            throw new InputException($"depth {depth} is out of range; allowed: 1 to {MaxDepth:N0}");
        if (!AllowsTolerance(options.Tolerance))
            throw new InputException($"tolerance {options.Tolerance} is out of range; allowed: {ToleranceRange}");
        if (ProductTheory.Applies(process, depth))
            return ProductTheory.Compute(process, options);
        var msp = MixedStatePresentation.Build(process, 0, new MspOptions(options.Tolerance, MaxNodes: options.MaxNodes, MaxBytes: options.MaxBytes), reserveForDepth: depth);
        var notes = new List<string>();

        // Sharing is safe: the worker reads finished levels and beliefs that existed when its task was queued;
        // the builder only appends to the belief store (a resize publishes a complete copy).
        // Large levels are summarized on the other core while deeper levels are built, by one worker (a chain
        // of tasks, so the two cores never juggle three threads); the main thread takes the entropies of the
        // last level once it has built it. Small levels (deep finite MSPs such as RRXOR's) are done in line.
        var statistics = new LevelStatistics(msp);
        var subspace = new NextTokenSubspace(process);
        bool moments = process.StateCount <= BeliefDimensions.MaxStates;
        var components = process.Components;
        var posterior = components is null ? null : BeliefReadout.ComponentPosterior(components);
        var entropies = new (double Myopic, double StateUncertainty, double ComponentUncertainty, (double Beyond, double Total) Spread)[depth + 1];
        (double, double, double, (double, double)) Entropies(MspLevel level) => (ComputationalMechanics.MyopicEntropy(msp, level),
            process.IsHmm ? ComputationalMechanics.StateUncertainty(msp, level) : double.NaN,
            posterior is null ? double.NaN : ComputationalMechanics.ComponentUncertainty(msp, level, posterior),
            ComputationalMechanics.FarFutureVariance(msp, level, subspace));
        // The belief moments go with the classification, on the worker for large levels: on the last level they then
        // overlap the main thread's entropies (both read every belief of the level, in no cache-friendly order).
        var beliefMoments = new (double Weight, double[] Sum, double[] Outer)[depth + 1];
        void Moments(MspLevel level, int at)
        {
            if (moments) beliefMoments[at] = ComputationalMechanics.BeliefMoments(msp, level);
        }
        var worker = Task.CompletedTask;
        for (int l = 0; l <= depth; l++)
        {
            var level = msp.Levels[l];
            int at = l;
            bool last = l == depth;
            if (level.NodeCount < ParallelLevelSize && worker.IsCompletedSuccessfully)
            {
                statistics.Classify(level);
                Moments(level, at);
                entropies[at] = Entropies(level);
            }
            else
            {
                worker = worker.ContinueWith(previous =>
                {
                    previous.GetAwaiter().GetResult(); // an earlier failure stops the chain
                    statistics.Classify(level);
                    Moments(level, at);
                    if (!last) entropies[at] = Entropies(level);
                }, TaskScheduler.Default);
                if (last) entropies[at] = Entropies(level);
            }
            if (!last) msp.Extend();
        }
        worker.GetAwaiter().GetResult();
        var myopic = entropies.Select(e => e.Myopic).ToList(); // h(1…depth+1); the E sum below may add more
        var synchronization = process.IsHmm ? entropies.Select(e => e.StateUncertainty).ToArray() : null;
        var componentSynchronization = components is null ? null : entropies.Select(e => e.ComponentUncertainty).ToArray();
        // r(L) per depth, and pooled over L = 1…depth as the probes pool prefixes (each length weighing 1).
        var farFuture = entropies.Select(e => ComputationalMechanics.FarFutureFraction(e.Spread.Beyond, e.Spread.Total)).ToArray();
        var pooledFarFuture = ComputationalMechanics.FarFutureFraction(entropies.Skip(1).Sum(e => e.Spread.Beyond), entropies.Skip(1).Sum(e => e.Spread.Total));
        // The belief geometry's dimension, pooled over L = 1…depth like r.
        var explained = moments ? BeliefDimensions.CumulativeExplainedVariance(process.StateCount, beliefMoments.Skip(1)) : null;
        if (!moments)
            notes.Add($"Belief dimensions are computed for at most {BeliefDimensions.MaxStates} states; this process has {process.StateCount}.");
        var uniqueNext = statistics.DistinctNextTokenDistributions.ToArray();
        int totalNext = statistics.TotalDistinctNextTokenDistributions;
        var unique = msp.Levels.Select(l => l.DistinctBeliefs).ToArray();
        int total = msp.TotalDistinctBeliefs;

        // The ε-machine: from the unifilar presentation, or from a finite recurrent set of beliefs. Past the
        // requested depth the MSP is extended only while it is not branching out (new beliefs per level not
        // growing) and stays under the search limit, doubling the depth between checks.
        var machine = FindEpsilonMachine(process, msp);
        for (int check = 2 * msp.Depth; machine is null && components is null && StillConverging(msp, options); check *= 2)
        {
            while (msp.Depth < check && StillConverging(msp, options)) msp.Extend();
            machine = EpsilonMachine.FromBeliefGraph(msp.Graph);
        }
        // A non-ergodic process: h_μ = Σ_c β_c h_μ(c) over its ergodic components, exact when every component's is.
        var componentTheories = components?.Processes.Select(c => Compute(c, options with { Depth = Math.Min(depth, 64) })).ToArray();
        bool rateKnown = machine is not null || componentTheories?.All(t => t.EntropyRateExact) == true;
        if (components is not null)
            notes.Add($"The process is non-ergodic: {components.Count} ergodic components with weights {string.Join(", ", components.Weights.Select(w => w.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)))}; h_μ = Σ_c β_c h_μ(c){(rateKnown ? "" : ", with some h_μ(c) approximate")}, and C_μ is not reported.");
        else if (machine is null)
            notes.Add($"No finite recurrent set of beliefs among the first {msp.Graph.Count:N0} distinct beliefs (to depth {msp.Depth}): the mixed-state presentation is treated as infinite, C_μ is not reported, and h_μ is approximated by h({depth + 1}).");

        double entropyRate = componentTheories is not null
            ? componentTheories.Select((t, c) => components!.Weights[c] * t.EntropyRateBits).Sum()
            : machine is null ? myopic[depth] : ComputationalMechanics.EntropyRate(machine);
        var (excess, excessDepth, lastTerm, excessExact) = !rateKnown
            ? TruncatedExcessEntropy(myopic, depth)
            : ExcessEntropy(msp, myopic, entropyRate, options);
        if (!rateKnown)
            notes.Add($"E is truncated at L = {excessDepth} with h_μ ≈ h({excessDepth}) (a lower bound); the last decrease h({excessDepth - 1}) − h({excessDepth}) is {lastTerm:0.##e+0} bits.");
        else if (!excessExact)
            notes.Add($"E is summed to L = {excessDepth}; the last term h(L) − h_μ is {lastTerm:0.##e+0} bits.");

        return new TheoryReport
        {
            Process = process.Name,
            Tokens = process.Tokens,
            States = process.States,
            IsHmm = process.IsHmm,
            Stationary = process.Stationary.ToArray(),
            InitialState = process.HasInitialState ? process.InitialState.ToArray() : null,
            Components = components?.Names,
            ComponentWeights = components?.Weights,
            ComponentEntropyRateBits = componentTheories?.Select(t => t.EntropyRateBits).ToArray(),
            ComponentUncertaintyBits = componentSynchronization,
            Depth = depth,
            Tolerance = options.Tolerance,
            BlockEntropyBits = ComputationalMechanics.BlockEntropies(myopic.Take(depth).ToArray()),
            MyopicEntropyBits = myopic.Take(depth).ToArray(),
            EntropyRateBits = entropyRate,
            EntropyRateExact = rateKnown,
            ExcessEntropyBits = excess,
            ExcessEntropyExact = excessExact,
            ExcessEntropyDepth = excessDepth,
            ExcessEntropyLastTermBits = lastTerm,
            StatisticalComplexityBits = machine is null ? null : ComputationalMechanics.StatisticalComplexity(machine),
            CausalStates = machine?.StateCount,
            UniqueBeliefsAtDepth = unique[..(depth + 1)],
            TotalUniqueBeliefs = total,
            UniqueNextTokenDistributionsAtDepth = uniqueNext,
            TotalUniqueNextTokenDistributions = totalNext,
            SynchronizationBits = synchronization,
            NextTokenRank = subspace.Rank,
            FarFutureFractionAtDepth = farFuture,
            FarFutureFraction = pooledFarFuture,
            BeliefExplainedVariance = explained,
            BeliefDimensionsAt = explained is null ? null : BeliefDimensions.Dimensions(explained),
            BeliefMomentsAtDepth = moments ? beliefMoments : null,
            LossFloorNats = ComputationalMechanics.LossFloor(myopic, depth, bos: false),
            LossFloorNatsBos = ComputationalMechanics.LossFloor(myopic, depth, bos: true),
            Notes = notes,
        };
    }

    /// <summary>
    /// New beliefs keep appearing, but no more per level than at the level before, within the search limits
    /// (distinct beliefs, and 20× as many nodes).
    /// </summary>
    private static bool StillConverging(MixedStatePresentation msp, TheoryOptions options)
    {
        var levels = msp.Levels;
        int newest = levels[^1].CumulativeDistinctBeliefs - levels[^2].CumulativeDistinctBeliefs;
        int before = levels.Count > 2 ? levels[^2].CumulativeDistinctBeliefs - levels[^3].CumulativeDistinctBeliefs : int.MaxValue;
        return newest > 0 && newest <= before && msp.Graph.Count <= options.RecurrenceSearchLimit && msp.CanExtend
               && msp.TotalNodes <= 20L * options.RecurrenceSearchLimit
               && levels[^1].NodeCount <= options.MaxLevelNodes;
    }

    /// <summary>
    /// E = Σ_{L≥1} (h(L) − h_μ) with h_μ exact: continues past the requested depth on the merged MSP until
    /// a term falls below the convergence tolerance (cheap when the MSP is finite).
    /// </summary>
    private static (double Excess, int Depth, double LastTerm, bool Converged) ExcessEntropy(
        MixedStatePresentation msp, List<double> myopic, double entropyRate, TheoryOptions options)
    {
        var (terms, converged) = ExcessEntropyTerms(msp, myopic, entropyRate, options);
        double last = terms == 0 ? double.NaN : myopic[terms - 1] - entropyRate;
        if (double.IsFinite(last) || terms == 0) return (ComputationalMechanics.ExcessEntropy(myopic[..terms], entropyRate), terms, last, converged);
        return (double.NaN, terms, last, false);
    }

    /// <summary>
    /// How many terms of E = Σ (h(L) − h_μ) to sum, extending <paramref name="myopic"/> as needed, and whether
    /// the sum converged. h(L) − h_μ falls to 0 (geometrically, when the MSP synchronizes). Merging beliefs within
    /// the tolerance can leave it on a plateau of that size instead: stop when it has not shrunk by 1% for
    /// PlateauLevels levels, and report the sum as not converged.
    /// </summary>
    private static (int Terms, bool Converged) ExcessEntropyTerms(
        MixedStatePresentation msp, List<double> myopic, double entropyRate, TheoryOptions options)
    {
        const int PlateauLevels = 32;
        double smallest = double.PositiveInfinity;
        int sinceSmaller = 0;
        for (int l = 1; ; l++)
        {
            if (l > myopic.Count)
            {
                bool more = msp.Levels[^1].NodeCount <= options.MaxLevelNodes && msp.CanExtend;
                if (!more || l > options.MaxExcessEntropyDepth || sinceSmaller >= PlateauLevels)
                    return (l - 1, false);
                var level = myopic.Count < msp.Levels.Count ? msp.Levels[myopic.Count] : msp.Extend();
                myopic.Add(ComputationalMechanics.MyopicEntropy(msp, level));
            }
            double term = myopic[l - 1] - entropyRate;
            if (!double.IsFinite(term)) return (l, false);
            if (Math.Abs(term) < options.ConvergenceTolerance && l >= myopic.Count) return (l, true);
            if (Math.Abs(term) < 0.99 * smallest) { smallest = Math.Abs(term); sinceSmaller = 0; }
            else sinceSmaller++;
        }
    }

    /// <summary>E ≈ H(L) − L·h(L) with L = depth+1: the sum truncated where h_μ is only known as h(L).</summary>
    private static (double, int, double, bool) TruncatedExcessEntropy(List<double> myopic, int depth)
    {
        int l = depth + 1;
        return (ComputationalMechanics.TruncatedExcessEntropy(myopic[..l]), l, myopic[l - 2] - myopic[l - 1], false);
    }
}
