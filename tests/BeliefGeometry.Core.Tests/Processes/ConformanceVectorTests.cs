using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Tests.Processes;

/// <summary>
/// The field's published conformance vectors, run against this library. Source: the reference implementation
/// ealt/generators, file conformance-tests.json at commit 49708c9ea1628f2563cdbff9142c059ec5b87a62 (described in
/// CONFORMANCE.md at the same commit; its runner is tests/test_conformance.py and its closed-form oracles
/// tests/transition_matrices/test_conformance_vectors.py; the operations are SPEC.md §3.4–3.8, the encoding §7.1, the
/// tolerance §7.2). Every expected number below is copied from that file; none is computed here.
/// <para>
/// What the vectors cover: all 45 of them, in the 6 categories the file has (ghmm_stationary_distribution,
/// ghmm_observation_distribution, ghmm_hmm_case, ghmm_projective_invariance, ghmm_belief_update,
/// ghmm_sequence_probability). They are all over HMMs of the checksum family (RRXOR, a biased RRXOR, n = 1, a ternary
/// n = 2 m = 3, a deep n = 3, and RRXOR leaked with ε = 0.1), so w = 1 and the two conventions for τ coincide
/// (docs/design.md §1.3): states, posteriors and probabilities compare entry by entry, with no factor c.
/// </para>
/// <para>
/// What they do not cover (CONFORMANCE.md, "What is not covered"): the reference ships no vector for a GHMM with a
/// normalizing eigenvector other than 1 (its category 5, ghmm_nontrivial_w), so there are no published vectors for
/// bloch_walk, quantum_rrxor, moon, tom_quantum or fanizza; nor for factored (categories 8–16), nonergodic (17–21) or
/// BOS/EOS generation (22) processes. Those GHMMs are checked from arbitrary states against values derived here in
/// <see cref="ConformanceGhmmStateTests"/>, and against the one table of GHMM numbers CONFORMANCE.md does publish in
/// <see cref="ConformanceVectorTests.PublishedEigenvectorTable"/>.
/// </para>
/// Each vector runs on every way this library can build its process: from the matrices exactly as the vector
/// serialises them (the portable runner's route), from <c>checksum:probs=…</c>, and for the two-bit cases from
/// <c>rrxor:p1=…,p2=…</c> or <c>leaky_rrxor:epsilon=0.1</c>, whose state order differs (see <see cref="RrxorOrder"/>).
/// </summary>
public class ConformanceVectorTests
{
    /// <summary>SPEC.md §7.2 and the file's "tolerance": |actual − expected| ≤ abs_tol + rel_tol·|expected|.</summary>
    private const double RelTol = 1e-6, AbsTol = 1e-12;

    // ---- The processes, as the vectors serialise them ------------------------------------------------------------

    /// <summary>
    /// One process of the vectors: its shape, the nonzero entries T⁽ˣ⁾[from, to] of its "transition_matrices" (0-based,
    /// row = from, as SPEC.md §1.3), a value on every other entry (0, or the leak's 0.01), and the catalog specs that
    /// build it, each with the map from the vector's state index to ours.
    /// </summary>
    private sealed record Reference(int States, int Tokens, (int X, int From, int To, double P)[] Entries, double Background,
        (string Spec, int[] Order)[] Catalog)
    {
        public double[][,] Matrices()
        {
            var m = new double[Tokens][,];
            for (int x = 0; x < Tokens; x++)
            {
                m[x] = new double[States, States];
                for (int i = 0; i < States; i++)
                    for (int j = 0; j < States; j++) m[x][i, j] = Background;
            }
            foreach (var (x, from, to, p) in Entries) m[x][from, to] = p;
            return m;
        }
    }

    /// <summary>
    /// The vectors order checksum states as the seed, then (phase, residue) phase-major, as our checksum does. Our rrxor
    /// and leaky_rrxor name them S, Z, O, T, F, where T (emits 1) is the vector's (2, 1) and F (emits 0) its (2, 0).
    /// </summary>
    private static readonly int[] RrxorOrder = [0, 1, 2, 4, 3];

    private static int[] Identity(int n) => [.. Enumerable.Range(0, n)];

    /// <summary>The six processes of test_conformance_vectors.py's PROCESSES, transcribed from conformance-tests.json.</summary>
    private static readonly Dictionary<string, Reference> Processes = new()
    {
        // checksum([[0.5, 0.5], [0.5, 0.5]]): RRXOR.
        ["rrxor"] = new(5, 2,
            [(0, 0, 1, 0.5), (0, 1, 3, 0.5), (0, 2, 4, 0.5), (0, 3, 0, 1.0), (1, 0, 2, 0.5), (1, 1, 4, 0.5), (1, 2, 3, 0.5), (1, 4, 0, 1.0)], 0,
            [("checksum:probs=[[0.5,0.5],[0.5,0.5]]", Identity(5)), ("rrxor:p1=0.5,p2=0.5", RrxorOrder)]),
        // checksum([[0.3, 0.7], [0.6, 0.4]]): biased RRXOR.
        ["biased"] = new(5, 2,
            [(0, 0, 1, 0.3), (0, 1, 3, 0.6), (0, 2, 4, 0.6), (0, 3, 0, 1.0), (1, 0, 2, 0.7), (1, 1, 4, 0.4), (1, 2, 3, 0.4), (1, 4, 0, 1.0)], 0,
            [("checksum:probs=[[0.3,0.7],[0.6,0.4]]", Identity(5)), ("rrxor:p1=0.3,p2=0.6", RrxorOrder)]),
        // checksum([[0.3, 0.7]]): a random bit, then repeat it.
        ["single"] = new(3, 2,
            [(0, 0, 1, 0.3), (0, 1, 0, 1.0), (1, 0, 2, 0.7), (1, 2, 0, 1.0)], 0,
            [("checksum:probs=[[0.3,0.7]]", Identity(3))]),
        // checksum([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]]): n = 2, m = 3.
        ["ternary"] = new(7, 3,
            [
                (0, 0, 1, 0.5), (0, 1, 4, 0.1), (0, 2, 5, 0.1), (0, 3, 6, 0.1), (0, 4, 0, 1.0),
                (1, 0, 2, 0.3), (1, 1, 5, 0.6), (1, 2, 6, 0.6), (1, 3, 4, 0.6), (1, 5, 0, 1.0),
                (2, 0, 3, 0.2), (2, 1, 6, 0.3), (2, 2, 4, 0.3), (2, 3, 5, 0.3), (2, 6, 0, 1.0),
            ], 0,
            [("checksum:probs=[[0.5,0.3,0.2],[0.1,0.6,0.3]]", Identity(7))]),
        // checksum([[0.5, 0.5], [0.2, 0.8], [0.9, 0.1]]): three bits and their parity.
        ["deep"] = new(7, 2,
            [
                (0, 0, 1, 0.5), (0, 1, 3, 0.2), (0, 2, 4, 0.2), (0, 3, 5, 0.9), (0, 4, 6, 0.9), (0, 5, 0, 1.0),
                (1, 0, 2, 0.5), (1, 1, 4, 0.8), (1, 2, 3, 0.8), (1, 3, 6, 0.1), (1, 4, 5, 0.1), (1, 6, 0, 1.0),
            ], 0,
            [("checksum:probs=[[0.5,0.5],[0.2,0.8],[0.9,0.1]]", Identity(7))]),
        // leak_toward(checksum([[0.5, 0.5], [0.5, 0.5]]), 0.1): 0.9·T + 0.1/(V·S) = 0.9·T + 0.01 on every entry.
        ["rrxor_leaked"] = new(5, 2,
            [(0, 0, 1, 0.46), (0, 1, 3, 0.46), (0, 2, 4, 0.46), (0, 3, 0, 0.91), (1, 0, 2, 0.46), (1, 1, 4, 0.46), (1, 2, 3, 0.46), (1, 4, 0, 0.91)], 0.01,
            [("leaky_rrxor:p1=0.5,p2=0.5,epsilon=0.1", RrxorOrder)]),
    };

    // ---- The vectors ------------------------------------------------------------------------------------------------

    private enum Operation { StationaryDistribution, ObservationDistribution, StateUpdate, SequenceProbability }

    /// <summary>
    /// One vector: its id and process, its operation, its "input" (a state, possibly unnormalised; a token; or tokens),
    /// the process definition's optional "initial_state", and its "expected" (a vector, or a scalar in Expected[0]).
    /// </summary>
    private sealed record Vector(string Id, string Process, Operation Operation, double[] Expected,
        double[]? State = null, int Token = -1, int[]? Tokens = null, double[]? InitialState = null);

    private static double[] E(int n, int i) => [.. Enumerable.Range(0, n).Select(j => j == i ? 1.0 : 0)];

    private static readonly double[] PiRrxor = [0.333333333333333, 0.166666666666667, 0.166666666666667, 0.166666666666667, 0.166666666666667];
    private static readonly double[] PiBiased = [0.333333333333333, 0.1, 0.233333333333333, 0.153333333333333, 0.18];
    private static readonly double[] PiTernary = [0.333333333333333, 0.166666666666667, 0.1, 0.066666666666667, 0.086666666666667, 0.13, 0.116666666666667];
    private static readonly double[] PiLeaked = [0.32619926199262, 0.166789667896679, 0.166789667896679, 0.170110701107011, 0.170110701107011];

    /// <summary>conformance-tests.json's "test_vectors", in file order, numbers as the file writes them.</summary>
    private static readonly Vector[] Vectors =
    [
        // ghmm_stationary_distribution
        new("checksum_stationary_rrxor", "rrxor", Operation.StationaryDistribution, PiRrxor),
        new("checksum_stationary_biased", "biased", Operation.StationaryDistribution, PiBiased),
        new("checksum_stationary_single", "single", Operation.StationaryDistribution, [0.5, 0.15, 0.35]),
        new("checksum_stationary_ternary", "ternary", Operation.StationaryDistribution, PiTernary),
        new("checksum_stationary_deep", "deep", Operation.StationaryDistribution, [0.25, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]),
        // ghmm_hmm_case, then ghmm_observation_distribution ("input": {} is the process default, here π)
        new("checksum_obs_dist_rrxor_stationary", "rrxor", Operation.ObservationDistribution, [0.5, 0.5]),
        new("checksum_obs_dist_biased_stationary", "biased", Operation.ObservationDistribution, [0.453333333333333, 0.546666666666667]),
        new("checksum_obs_dist_ternary_stationary", "ternary", Operation.ObservationDistribution, [0.286666666666667, 0.43, 0.283333333333333]),
        new("checksum_obs_dist_deep_stationary", "deep", Operation.ObservationDistribution, [0.525, 0.475]),
        new("checksum_obs_dist_seed", "biased", Operation.ObservationDistribution, [0.3, 0.7], State: E(5, 0)),
        new("checksum_obs_dist_phase1", "biased", Operation.ObservationDistribution, [0.6, 0.4], State: E(5, 2)),
        new("checksum_obs_dist_checksum0", "biased", Operation.ObservationDistribution, [1.0, 0.0], State: E(5, 3)),
        new("checksum_obs_dist_checksum1", "biased", Operation.ObservationDistribution, [0.0, 1.0], State: E(5, 4)),
        new("checksum_obs_dist_ternary_phase1", "ternary", Operation.ObservationDistribution, [0.1, 0.6, 0.3], State: E(7, 3)),
        new("checksum_obs_dist_deep_phase2", "deep", Operation.ObservationDistribution, [0.9, 0.1], State: E(7, 4)),
        // ghmm_projective_invariance: unnormalised state representatives
        new("checksum_obs_dist_scaled_1_0", "biased", Operation.ObservationDistribution, [0.6, 0.4], State: [0.0, 1.0, 0.0, 0.0, 0.0]),
        new("checksum_obs_dist_scaled_7_5", "biased", Operation.ObservationDistribution, [0.6, 0.4], State: [0.0, 7.5, 0.0, 0.0, 0.0]),
        new("checksum_obs_dist_scaled_0_001", "biased", Operation.ObservationDistribution, [0.6, 0.4], State: [0.0, 0.001, 0.0, 0.0, 0.0]),
        new("checksum_belief_update_scaled", "biased", Operation.StateUpdate,
            [0.329268292682927, 0.0, 0.426829268292683, 0.170731707317073, 0.073170731707317],
            State: [1.0, 0.3, 0.7, 0.45999999999999996, 0.54], Token: 1),
        // ghmm_belief_update
        new("checksum_belief_update_seed_0", "biased", Operation.StateUpdate, E(5, 1), State: E(5, 0), Token: 0),
        new("checksum_belief_update_seed_1", "biased", Operation.StateUpdate, E(5, 2), State: E(5, 0), Token: 1),
        new("checksum_belief_update_phase1_carry", "biased", Operation.StateUpdate, E(5, 3), State: E(5, 2), Token: 1),
        new("checksum_belief_update_checksum_reset", "biased", Operation.StateUpdate, E(5, 0), State: E(5, 4), Token: 1),
        new("checksum_belief_update_single_reset", "single", Operation.StateUpdate, E(3, 0), State: E(3, 1), Token: 0),
        new("checksum_belief_update_ternary_carry", "ternary", Operation.StateUpdate, E(7, 5), State: E(7, 3), Token: 2),
        new("checksum_belief_update_deep_carry", "deep", Operation.StateUpdate, E(7, 6), State: E(7, 3), Token: 1),
        new("checksum_belief_update_mixed_rrxor", "rrxor", Operation.StateUpdate,
            [0.333333333333333, 0.333333333333333, 0.0, 0.166666666666667, 0.166666666666667], State: PiRrxor, Token: 0),
        new("checksum_belief_update_mixed_biased", "biased", Operation.StateUpdate,
            [0.329268292682927, 0.0, 0.426829268292683, 0.170731707317073, 0.073170731707317], State: PiBiased, Token: 1),
        new("checksum_belief_update_mixed_ternary", "ternary", Operation.StateUpdate,
            [0.302325581395349, 0.0, 0.232558139534884, 0.0, 0.093023255813953, 0.232558139534884, 0.13953488372093], State: PiTernary, Token: 1),
        // ghmm_sequence_probability (from the process default, π, unless the definition gives "initial_state")
        new("checksum_seq_prob_rrxor_empty", "rrxor", Operation.SequenceProbability, [1.0], Tokens: []),
        new("checksum_seq_prob_rrxor_0", "rrxor", Operation.SequenceProbability, [0.5], Tokens: [0]),
        new("checksum_seq_prob_rrxor_000", "rrxor", Operation.SequenceProbability, [0.166666666666667], Tokens: [0, 0, 0]),
        new("checksum_seq_prob_rrxor_011", "rrxor", Operation.SequenceProbability, [0.166666666666667], Tokens: [0, 1, 1]),
        new("checksum_seq_prob_rrxor_forbidden", "rrxor", Operation.SequenceProbability, [0.0], Tokens: [0, 0, 1, 0, 0]),
        new("checksum_seq_prob_biased_01", "biased", Operation.SequenceProbability, [0.287333333333333], Tokens: [0, 1]),
        new("checksum_seq_prob_biased_0110", "biased", Operation.SequenceProbability, [0.113733333333333], Tokens: [0, 1, 1, 0]),
        new("checksum_seq_prob_single_repeat", "single", Operation.SequenceProbability, [0.195], Tokens: [0, 0]),
        new("checksum_seq_prob_single_mismatch", "single", Operation.SequenceProbability, [0.105], Tokens: [0, 1]),
        new("checksum_seq_prob_ternary_120", "ternary", Operation.SequenceProbability, [0.0626], Tokens: [1, 2, 0]),
        new("checksum_seq_prob_deep_10101", "deep", Operation.SequenceProbability, [0.082375], Tokens: [1, 0, 1, 0, 1]),
        new("checksum_seq_prob_explicit_initial_state", "biased", Operation.SequenceProbability, [0.12], Tokens: [0, 1, 1], InitialState: E(5, 0)),
        // the leaked process: every category again
        new("checksum_leaked_stationary", "rrxor_leaked", Operation.StationaryDistribution, PiLeaked),
        new("checksum_leaked_obs_dist", "rrxor_leaked", Operation.ObservationDistribution, [0.5, 0.5], State: PiLeaked),
        new("checksum_leaked_belief_update", "rrxor_leaked", Operation.StateUpdate,
            [0.32619926199262, 0.313579335793358, 0.02, 0.170110701107011, 0.170110701107011], State: PiLeaked, Token: 0),
        new("checksum_leaked_seq_prob_forbidden", "rrxor_leaked", Operation.SequenceProbability, [0.008956319188192], Tokens: [0, 0, 1, 0, 0]),
    ];

    /// <summary>Every (vector, way of building its process): "json" is the vector's own matrices; otherwise a catalog spec.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in Vectors)
        {
            data.Add(v.Id, "json");
            foreach (var (spec, _) in Processes[v.Process].Catalog) data.Add(v.Id, spec);
        }
        return data;
    }

    public static TheoryData<string, string> CatalogBuilds()
    {
        var data = new TheoryData<string, string>();
        foreach (var (key, reference) in Processes)
            foreach (var (spec, _) in reference.Catalog) data.Add(key, spec);
        return data;
    }

    /// <summary>The process and the map from the vector's state index to ours.</summary>
    private static (HiddenMarkovProcess Process, int[] Order) Build(Reference reference, string how, double[]? initialState = null)
    {
        if (how == "json")
        {
            // tests/test_conformance.py's build(): the matrices, and "initial_state" when the definition has one.
            var process = new HiddenMarkovProcess("conformance", [.. Enumerable.Range(0, reference.Tokens).Select(x => $"{x}")],
                [.. Enumerable.Range(0, reference.States).Select(i => $"s{i}")], reference.Matrices(), initialState: initialState);
            return (process, Identity(reference.States));
        }
        var (spec, order) = reference.Catalog.Single(c => c.Spec == how);
        return (ProcessCatalog.Resolve(spec), order);
    }

    private static double[] ToOurs(double[] state, int[] order)
    {
        var ours = new double[state.Length];
        for (int i = 0; i < state.Length; i++) ours[order[i]] = state[i];
        return ours;
    }

    private static double[] ToTheirs(ReadOnlySpan<double> ours, int[] order)
    {
        var theirs = new double[order.Length];
        for (int i = 0; i < order.Length; i++) theirs[i] = ours[order[i]];
        return theirs;
    }

    private static void AssertMatches(string what, double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= AbsTol + RelTol * Math.Abs(expected[i]),
                $"{what}: entry {i} is {actual[i]:R}, the reference expects {expected[i]:R} (|Δ| = {Math.Abs(actual[i] - expected[i]):G3})");
    }

    [Theory]
    [MemberData(nameof(CatalogBuilds))]
    public void CatalogBuildsTheVectorsProcess(string key, string spec)
    {
        // The vectors' state indices mean ours only if the catalog builds the very matrices they serialise.
        var reference = Processes[key];
        var (process, order) = Build(reference, spec);
        var expected = reference.Matrices();
        Assert.Equal(reference.Tokens, process.TokenCount);
        Assert.Equal(reference.States, process.StateCount);
        for (int x = 0; x < reference.Tokens; x++)
            for (int i = 0; i < reference.States; i++)
                for (int j = 0; j < reference.States; j++)
                    Assert.True(Math.Abs(process[x, order[i], order[j]] - expected[x][i, j]) <= 1e-15,
                        $"{spec}: T({x})[{i}, {j}] is {process[x, order[i], order[j]]}, the vectors serialise {expected[x][i, j]}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PublishedVector(string id, string how)
    {
        var v = Vectors.Single(v => v.Id == id);
        var reference = Processes[v.Process];
        var (process, order) = Build(reference, how, v.InitialState);
        string what = $"{id} on {how}";

        switch (v.Operation)
        {
            case Operation.StationaryDistribution:
                // SPEC §7.1.1: π with Σπ = 1. For an HMM that is also this project's π (π·τ = Σπ = 1, docs/design.md §1.3).
                Assert.True(process.IsHmm);
                AssertMatches(what, v.Expected, ToTheirs(process.Stationary, order));
                break;

            case Operation.ObservationDistribution:
            {
                // SPEC §3.4: P(x | η) = ηT⁽ˣ⁾w / η·w from any representative; "input": {} means the process default (π).
                var state = v.State is null ? process.InitialState.ToArray() : ToOurs(v.State, order);
                var distribution = new double[process.TokenCount];
                BeliefUpdate.NextTokenDistribution(process, state, distribution);
                AssertMatches(what, v.Expected, distribution);
                for (int x = 0; x < process.TokenCount; x++)
                    Assert.Equal(distribution[x], BeliefUpdate.TokenProbability(process, state, x), 15);
                break;
            }

            case Operation.StateUpdate:
            {
                // SPEC §3.5 and §7.1.2: η' = ηT⁽ˣ⁾ / ηT⁽ˣ⁾w in canonical form η'·w = 1. With w = τ = 1 (an HMM) that is
                // exactly our normalisation η'·τ = 1, so the posteriors compare entry by entry, not only in direction.
                var state = ToOurs(v.State!, order);
                var next = new double[process.StateCount];
                double p = BeliefUpdate.Update(process, state, v.Token, next);
                Assert.True(p > 0, $"{what}: the token has probability {p}");
                AssertMatches(what, v.Expected, ToTheirs(next, order));
                AssertMatches(what + " (After)", v.Expected, ToTheirs(BeliefUpdate.After(process, state, [v.Token]), order));
                break;
            }

            case Operation.SequenceProbability:
            {
                // SPEC §3.6: P(x₁…x_T) = η₀T⁽ˣ¹⁾⋯T⁽ˣᵀ⁾w / η₀·w, from "initial_state" when given, else π; P(ε) = 1.
                // The "json" build carries "initial_state" as the process's η₀; a catalog process starts from π, so there
                // the explicit-η₀ overload alone says what the vector asks.
                if (v.InitialState is null || how == "json")
                    AssertMatches(what, v.Expected, [BeliefUpdate.Probability(process, v.Tokens!)]);
                var initial = v.InitialState is null ? process.InitialState.ToArray() : ToOurs(v.InitialState, order);
                AssertMatches(what + " (explicit η₀)", v.Expected, [BeliefUpdate.Probability(process, initial, v.Tokens!)]);
                if (v.Expected[0] == 0)
                    Assert.Equal(double.NegativeInfinity, BeliefUpdate.LogProbability(process, initial, v.Tokens!));
                else
                    Assert.Equal(Math.Log(v.Expected[0]), BeliefUpdate.LogProbability(process, initial, v.Tokens!), 1e-6);
                break;
            }
        }
    }

    [Fact]
    public void EveryPublishedVectorIsHere()
    {
        // conformance-tests.json @ 49708c9 holds 45 vectors; their ids are unique, and each of the 6 processes is used.
        Assert.Equal(45, Vectors.Length);
        Assert.Equal(45, Vectors.Select(v => v.Id).Distinct().Count());
        Assert.Equal(Processes.Keys.Order(), Vectors.Select(v => v.Process).Distinct().Order());
    }

    // ---- CONFORMANCE.md's table of §3.2 measurements -----------------------------------------------------------------

    /// <summary>
    /// CONFORMANCE.md @ 49708c9, "What is not covered", measured at ealt/generators 061fcf2: for each process, whether
    /// every entry of the T⁽ˣ⁾ is ≥ 0 (else the smallest, to 3 decimals), whether ρ(T) = 1, and w, the right eigenvector
    /// of T at 1 scaled so Σw = S (the number of states). The table gives no parameters for checksum, cycle and mess
    /// (its claims hold for all), so the defaults are used here. Our τ is scaled so π·τ = 1 (docs/design.md §1.3), so
    /// w = S·τ/Στ is compared. (CatalogClosedFormTests checks moon's τ and the qubits' τ by other means; this is the
    /// reference's published row.)
    /// </summary>
    public static TheoryData<string, double?, double[], double> EigenvectorTable => new()
    {
        { "checksum", null, [1, 1, 1, 1, 1], 1e-12 },
        { "cycle", null, [1, 1, 1], 1e-12 },
        { "mess3", null, [1, 1, 1], 1e-12 },
        { "mess:s=4", null, [1, 1, 1, 1], 1e-12 },
        { "bloch_walk:measurement_angle=0.9,p_z_axis=0.5", -0.196, [3, 0, 0], 1e-12 },
        { "quantum_rrxor:phi=0.7,theta=1.1", -0.446, [4, 0, 0, 0], 1e-12 },
        { "moon:alpha=2.718281828459045,beta=0.5", -0.261, [2.159, 0.720, 0.121], 5e-4 },
    };

    [Theory]
    [MemberData(nameof(EigenvectorTable))]
    public void PublishedEigenvectorTable(string spec, double? minEntry, double[] w, double tolerance)
    {
        var process = ProcessCatalog.Resolve(spec);
        int n = process.StateCount, v = process.TokenCount;
        double min = double.PositiveInfinity;
        for (int x = 0; x < v; x++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) min = Math.Min(min, process[x, i, j]);
        if (minEntry is { } m)
            Assert.True(Math.Abs(min - m) <= 5e-4 + 1e-12, $"{spec}: smallest entry {min}, the table says {m}");
        else
            Assert.True(min >= 0, $"{spec}: smallest entry {min}, the table says every entry is ≥ 0");

        double radius = Matrix<double>.Build.DenseOfArray(process.TotalMatrix()).Evd().EigenValues.Max(e => e.Magnitude);
        Assert.Equal(1, radius, 1e-9);

        var tau = process.RightEigenvector.ToArray();
        double c = n / tau.Sum(); // τ_field = c·τ
        Assert.Equal(w, tau.Select(t => c * t), new TestSupport.Within(tolerance));
    }
}
