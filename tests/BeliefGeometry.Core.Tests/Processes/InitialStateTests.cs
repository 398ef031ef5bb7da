using BeliefGeometry.Beliefs;
using BeliefGeometry.Processes;
using BeliefGeometry.Theory;

namespace BeliefGeometry.Tests.Processes;

/// <summary>An explicit initial state η₀: where theory, data and probes start (docs/design.md section 1.11).</summary>
public class InitialStateTests
{
    /// <summary>
    /// The BOS augmentation of a process: one more state S and token BOS, T'⁽ˣ⁾ = [[T⁽ˣ⁾, 0], [0, 0]] for the old tokens and
    /// T'⁽ᴮᴼˢ⁾[S, :] = (π, 0), started in S. Then P(BOS w) = P(w).
    /// </summary>
    private static HiddenMarkovProcess WithBos(HiddenMarkovProcess p)
    {
        int n = p.StateCount, v = p.TokenCount;
        var matrices = new double[v + 1][,];
        for (int x = 0; x < v; x++)
        {
            matrices[x] = new double[n + 1, n + 1];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) matrices[x][i, j] = p[x, i, j];
        }
        matrices[v] = new double[n + 1, n + 1];
        for (int j = 0; j < n; j++) matrices[v][n, j] = p.Stationary[j];
        var initial = new double[n + 1];
        initial[n] = 1;
        return new HiddenMarkovProcess(p.Name + "+BOS", [.. p.Tokens, "BOS"], [.. p.States, "start"], matrices, initialState: initial);
    }

    [Theory]
    [InlineData("mess3")]
    [InlineData("rrxor")]
    [InlineData("even:p=0.3")]
    public void BosAugmentedProcessGivesEveryWordAfterBosItsOriginalProbability(string spec)
    {
        var process = ProcessCatalog.Resolve(spec);
        var bos = WithBos(process);
        int v = process.TokenCount;
        Assert.Equal(1.0, bos.InitialState[process.StateCount]);
        foreach (var word in TestSupport.Words(v, 4))
            Assert.Equal(TestSupport.WordProbability(process, word), TestSupport.WordProbability(bos, [v, .. word]), 14);
        // The library's word law from η₀ agrees: P(BOS w) = P(w), and any word not starting with BOS is impossible.
        Assert.Equal(BeliefUpdate.Probability(process, [0, 1, 0]), BeliefUpdate.Probability(bos, [v, 0, 1, 0]), 12);
        Assert.Equal(0.0, BeliefUpdate.Probability(bos, [0]));
    }

    [Fact]
    public void TheoryStartsFromTheInitialState()
    {
        var process = ProcessCatalog.Resolve("rrxor");
        var theory = ProcessTheory.Compute(process, new TheoryOptions(Depth: 6));
        var bos = ProcessTheory.Compute(WithBos(process), new TheoryOptions(Depth: 7));
        Assert.Equal(0.0, bos.MyopicEntropyBits[0], 12); // BOS is certain
        for (int l = 1; l < 7; l++) Assert.Equal(theory.MyopicEntropyBits[l - 1], bos.MyopicEntropyBits[l], 10);
        Assert.Equal(theory.EntropyRateBits, bos.EntropyRateBits, 10);
        Assert.True(bos.EntropyRateExact);
        // E = Σ (h(L) − h_μ) over the shifted curve: the extra first term is 0 − h_μ.
        Assert.Equal(theory.ExcessEntropyBits - theory.EntropyRateBits, bos.ExcessEntropyBits, 8);
        Assert.NotNull(bos.InitialState);
        Assert.Null(theory.InitialState);
    }

    [Fact]
    public void SeveralClosedClassesNeedAnInitialStateWhichChoosesTheirWeights()
    {
        // Two closed classes {A} (emits 0) and {B} (emits 1), and a transient state C that enters A w.p. 0.25, B w.p. 0.75.
        double[,] zero = { { 1, 0, 0 }, { 0, 0, 0 }, { 0.25, 0, 0 } };
        double[,] one = { { 0, 0, 0 }, { 0, 1, 0 }, { 0, 0.75, 0 } };
        var error = Assert.Throws<ProcessException>(() => new HiddenMarkovProcess("two", ["0", "1"], ["A", "B", "C"], [zero, one]));
        Assert.Contains("2 stationary distributions", error.Message);
        Assert.Contains("initial_state", error.Message);

        var process = new HiddenMarkovProcess("two", ["0", "1"], ["A", "B", "C"], [zero, one], initialState: [0.2, 0, 0.8]);
        var components = process.Components!;
        Assert.Equal(2, components.Count);
        // β_A = 0.2 + 0.8·0.25, β_B = 0.8·0.75; π settles into Σ β_c π_c.
        Assert.Equal(0.4, components.Weights[0], 12);
        Assert.Equal(0.6, components.Weights[1], 12);
        Assert.Equal([0.4, 0.6, 0.0], process.Stationary.ToArray(), new TestSupport.Within(1e-12));
        // The component posterior from C is its absorption probabilities.
        var posterior = new double[2];
        BeliefReadout.ComponentPosterior(components).Apply([0, 0, 1], posterior);
        Assert.Equal([0.25, 0.75], posterior, new TestSupport.Within(1e-12));
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.5 }, "sums to 1")]
    [InlineData(new[] { 1.5, -0.5, 0 }, "initial_state[1]")]
    [InlineData(new[] { 0.5, 0.5, 0.1 }, "sums to")]
    public void BadInitialStatesAreRefusedInOneLine(double[] initial, string expected)
    {
        var rrxor = ProcessCatalog.Resolve("z1r");
        var error = Assert.Throws<ProcessException>(() => new HiddenMarkovProcess("x", rrxor.Tokens, rrxor.States,
            Enumerable.Range(0, 2).Select(rrxor.TokenMatrixArray).ToArray(), initialState: initial));
        Assert.Contains(initial.Length == 3 ? expected : "2 entries for 3 states", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ProcessFileReadsInitialState()
    {
        var process = ProcessFile.Parse("""
            { "tokens": ["0", "1"], "states": ["A", "B"],
              "matrices": { "0": [[0.5, 0], [1, 0]], "1": [[0, 0.5], [0, 0]] },
              "initial_state": [0, 1] }
            """, "test", "golden");
        Assert.True(process.HasInitialState);
        Assert.Equal([0.0, 1.0], process.InitialState.ToArray());
        Assert.Equal(1.0, BeliefUpdate.Probability(process, [0]), 14); // B must emit 0
        var error = Assert.Throws<ProcessException>(() => ProcessFile.Parse("""
            { "tokens": ["0"], "states": ["A"], "matrices": { "0": [[1]] }, "initial_state": ["a"] }
            """, "test", "x"));
        Assert.Contains("'initial_state[0]' must be a number", error.Message);
    }
}
