using static BeliefGeometry.Processes.ProcessParameter;

namespace BeliefGeometry.Processes;

/// <summary>
/// The catalog: the processes of the field under the names and parameter names its reference implementations use
/// (shared CATALOG.md sections 1 and 2; docs/design.md section 1.9). A range excludes an end only where the process
/// is invalid or degenerate there (several stationary distributions, division by zero).
/// </summary>
internal static class CatalogEntries
{
    private static readonly Interval Probability = Interval.Closed(0, 1);

    public static IReadOnlyList<CatalogEntry> All { get; } =
    [
        new("mess3", "3 states, 3 tokens; non-unifilar, with an infinite mixed-state presentation whose beliefs form a fractal in the triangle",
            [Real("x", 0.05, Interval.LeftOpen(0, 0.5), "probability of moving to each other state"),
             Real("a", 0.85, Probability, "probability that the token names the destination state")],
            (v, name) => CatalogProcesses.Mess3(v.Real("x"), v.Real("a"), name)),
        new("mess", "Mess3 with s states and s tokens; mess:s=3 is mess3",
            [Real("x", 0.05, Interval.LeftOpen(0, 1), "probability of moving to each other state; at most 1/(s − 1)"),
             Real("a", 0.85, Probability, "probability that the token names the destination state"),
             Integer("s", 3, 2, 100, "number of states and tokens")],
            (v, name) =>
            {
                if (1 - (v.Integer("s") - 1) * v.Real("x") < -1e-12)
                    throw v.Refuse("make the probability of staying, 1 − (s − 1)·x, negative; x must be at most 1/(s − 1)", "x", "s");
                return CatalogProcesses.Mess(v.Real("x"), v.Real("a"), v.Integer("s"), name);
            }),
        new("rrxor", "two random bits, then their XOR; 5 states, finite mixed-state presentation whose beliefs carry more than the next token",
            [Real("p1", 0.5, Probability, "probability that the first bit is 0"),
             Real("p2", 0.5, Probability, "probability that the second bit is 0")],
            (v, name) => CatalogProcesses.Rrxor(v.Real("p1"), v.Real("p2"), name)),
        new("leaky_rrxor", "RRXOR mixed with uniform transitions: (1 − ε)·rrxor + ε/10 on every entry",
            [Real("p1", 0.5, Probability, "probability that the first bit is 0"),
             Real("p2", 0.5, Probability, "probability that the second bit is 0"),
             Real("epsilon", 0.1, Probability, "weight of the uniform leak")],
            (v, name) => CatalogProcesses.LeakyRrxor(v.Real("p1"), v.Real("p2"), v.Real("epsilon"), name)),
        new("checksum", "n random tokens mod m, each row of probs one token's law, then their sum mod m; nm + 1 states, period n + 1; [[p1,1−p1],[p2,1−p2]] is rrxor",
            [Matrix("probs", [[0.5, 0.5], [0.5, 0.5]], Probability, "n × m; row i is the law of the i-th random token; rows sum to 1")],
            (v, name) =>
            {
                var probs = v.Matrix("probs");
                if (Array.FindIndex(probs, row => Math.Abs(row.Sum() - 1) > ProcessValidation.RowSumTolerance) is var bad and >= 0)
                    throw v.Refuse($"has row {bad + 1} summing to {probs[bad].Sum():G6}; each row must sum to 1", "probs");
                return CatalogProcesses.Checksum(probs, name);
            }),
        new("coin", "independent tokens: 0 with probability p, 1 otherwise; 1 state",
            [Real("p", 0.5, Probability, "probability of a 0")],
            (v, name) => CatalogProcesses.Coin(v.Real("p"), name)),
        new("days_of_week", "7 day states, 11 tokens (day names, Tmrw, Yest, Wknd, Wkdy): a walk through the week described by what is said", [],
            (_, name) => CatalogProcesses.DaysOfWeek(name)),
        new("even_ones", "1s come in runs of even length; 2 states, infinite Markov order",
            [Real("p", 0.5, Probability, "probability of starting a run of 1s (a pair) after a 0 or a completed pair")],
            (v, name) => CatalogProcesses.EvenOnes(v.Real("p"), name)) { Aliases = ["even"] },
        new("no_consecutive_ones", "the golden mean process: no two 1s in a row; 2 states, Markov order 1",
            [Real("p", 0.5, Probability, "probability of a 1 when the previous token was 0")],
            (v, name) => CatalogProcesses.NoConsecutiveOnes(v.Real("p"), name)) { Aliases = ["golden_mean"] },
        new("zero_one_random", "0, 1, then a random bit; period 3 with 3 states",
            [Real("p", 0.5, Probability, "probability that the random bit is 1")],
            (v, name) => CatalogProcesses.ZeroOneRandom(v.Real("p"), name)),
        new("z1r", "zero_one_random with a fair random bit", [],
            (_, name) => CatalogProcesses.ZeroOneRandom(0.5, name)),
        new("mr_name", "states and tokens Mr., Something, Blah, name: 'Mr.' is followed by a name, then Something or Blah",
            [Real("p", 0.4, Probability, "probability of switching between Something and Blah"),
             Real("q", 0.25, Probability, "probability of 'Mr.' after Something or Blah; p + q ≤ 1")],
            (v, name) =>
            {
                if (v.Real("p") + v.Real("q") > 1 + 1e-12)
                    throw v.Refuse($"sum to {v.Real("p") + v.Real("q"):G6}; p + q must be at most 1 (1 − p − q is the probability of staying)", "p", "q");
                return CatalogProcesses.MrName(v.Real("p"), v.Real("q"), name);
            }),
        new("sns", "simple nonunifilar source; 2 states, infinitely many beliefs",
            [Real("p", 0.5, Probability, "probability that A emits 0 and moves to B"),
             Real("q", 0.5, Probability, "probability that B emits 1 and moves to A")],
            (v, name) => CatalogProcesses.Sns(v.Real("p"), v.Real("q"), name)),
        new("matching_parens", "well-nested parentheses up to depth N: depth d opens with probability o_d, else closes; period 2",
            [Vector("open_probs", [1, 0.5, 0.5], Interval.LeftOpen(0, 1), "o_0 … o_{N−1}, starting with 1 (depth 0 can only open)")],
            (v, name) =>
            {
                var open = v.Vector("open_probs");
                if (open[0] != 1)
                    throw v.Refuse($"starts with {open[0]}; it must start with 1, since depth 0 can only open", "open_probs");
                return CatalogProcesses.MatchingParens(open, name);
            }),
        new("cycle", "a walk on a ring of n states that emits the state it leaves",
            [Integer("n", 3, 1, 100, "number of states and tokens"),
             Real("p", 0.5, Probability, "probability of stepping forward (ignored for n ≤ 2)")],
            (v, name) => CatalogProcesses.Cycle(v.Integer("n"), v.Real("p"), name)),
        new("tom_quantum", "a qubit measured along z or x (tokens z+, z-, x+, x-); generalized HMM in the Bloch disk; bloch_walk at θ = 2·atan2(β, α), p_z = ½",
            [Real("alpha", 1, Interval.RightOpen(0, double.PositiveInfinity), "measurement weight α"),
             Real("beta", 1, Interval.Open(0, double.PositiveInfinity), "measurement weight β")],
            (v, name) => QuantumProcesses.TomQuantum(v.Real("alpha"), v.Real("beta"), name)),
        new("bloch_walk", "weak measurements of a qubit along z or x (tokens z+, z-, x+, x-); generalized HMM in the Bloch disk",
            [Real("measurement_angle", 0.9, Interval.LeftOpen(0, Math.PI), "θ: measurement strength, sin θ (π/2 is projective)"),
             Real("p_z_axis", 0.5, Interval.Open(0, 1), "probability of measuring along z")],
            (v, name) => QuantumProcesses.BlochWalk(v.Real("measurement_angle"), v.Real("p_z_axis"), name)),
        new("quantum_rrxor", "a qubit rotated by φ about y, then measured in z by Kraus operators of angle θ; generalized HMM in the Bloch ball",
            [Real("phi", 0.7, Interval.Open(0, 2 * Math.PI), "rotation angle φ about y"),
             Real("theta", 1.1, Interval.RightOpen(0, 2 * Math.PI), "measurement angle θ (0 and π: a 2-state HMM; π/2: a fair coin)")],
            (v, name) => QuantumProcesses.QuantumRrxor(v.Real("phi"), v.Real("theta"), name)),
        new("moon", "post-quantum: a hidden x > 0 multiplied by α or β, reset to 1 with weight x − 1 − ln x; generalized HMM, crescent-shaped beliefs",
            [Real("alpha", Math.E, Interval.Open(1, double.PositiveInfinity), "multiplier α > 1; α + β ≠ 2, ln α/ln β not an integer"),
             Real("beta", 0.5, Interval.Open(0, 1), "multiplier β < 1")],
            (v, name) =>
            {
                PostQuantumProcesses.CheckMoon(v, v.Real("alpha"), v.Real("beta"), "alpha", "beta");
                return PostQuantumProcesses.Moon(v.Real("alpha"), v.Real("beta"), name);
            }),
        new("post_quantum", "the moon process parametrised by ln α: post_quantum:log_alpha=l,beta=b is moon:alpha=e^l,beta=b",
            [Real("log_alpha", 1, Interval.Open(0, double.PositiveInfinity), "ln α > 0"),
             Real("beta", 0.5, Interval.Open(0, 1), "multiplier β < 1")],
            (v, name) =>
            {
                double alpha = Math.Exp(v.Real("log_alpha"));
                PostQuantumProcesses.CheckMoon(v, alpha, v.Real("beta"), "log_alpha", "beta");
                return PostQuantumProcesses.Moon(alpha, v.Real("beta"), name);
            }),
        new("fanizza", "token 0 resets, token 1 rotates by α and shrinks by λ; generalized HMM with 4 states, valid for small λ (≲ 0.62 at α = 2000)",
            [Real("alpha", 2000, Interval.Open(double.NegativeInfinity, double.PositiveInfinity), "rotation angle α, in radians"),
             Real("lambda", 0.49, Interval.RightOpen(0, 1), "contraction λ")],
            (v, name) => PostQuantumProcesses.Fanizza(v, v.Real("alpha"), v.Real("lambda"), name)),
    ];
}
