using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

public class BlochVectorsTests
{
    public static TheoryData<string> Qubits => ["bloch_walk", "quantum_rrxor"];

    private static HiddenMarkovProcess Qubit(string name) =>
        name == "bloch_walk" ? GeneralizedProcesses.BlochWalk() : GeneralizedProcesses.QuantumRrxor();

    [Theory]
    [MemberData(nameof(Qubits))]
    public void TheStationaryStateIsTheCentre(string name)
    {
        var process = Qubit(name);
        var pi = process.Stationary.ToArray();
        var r = BlochVectors.Of(pi, process.StateCount, BlochVectors.Traces(pi, process.StateCount));
        Assert.Equal(process.StateCount - 1, r.Length);
        Assert.All(r, v => Assert.Equal(0, v, 1e-12));
    }

    [Theory]
    [MemberData(nameof(Qubits))]
    public void EveryBeliefToDepth6LiesInTheUnitBall(string name)
    {
        var process = Qubit(name);
        int n = process.StateCount;
        var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(6, process.TokenCount));
        var beliefs = prefixes.Beliefs;
        var r = BlochVectors.Of(beliefs, n, BlochVectors.Traces(beliefs, n));
        double longest = 0;
        for (int i = 0; i < prefixes.Count; i++)
            longest = Math.Max(longest, Math.Sqrt(Enumerable.Range(0, n - 1).Sum(c => r[i * (n - 1) + c] * r[i * (n - 1) + c])));
        Assert.InRange(longest, 0.5, 1 + 1e-9); // far from the centre, never outside the ball
    }

    [Fact]
    public void APredictionIsDividedByTheTrueTraceNotItsOwn()
    {
        double[] truth = [0.5, 0.25, -0.1], prediction = [0.01, 0.3, -0.1, 2, 0.4, 0.2];
        Assert.Equal([0.5, -0.2], BlochVectors.Of(truth, 3, BlochVectors.Traces(truth, 3)));
        // Rows of a prediction against the truth's η₀ (0.5 and 1): the predicted η₀ (0.01, 2) plays no part.
        Assert.Equal([0.6, -0.2, 0.4, 0.2], BlochVectors.Of(prediction, 3, [0.5, 1]));
        Assert.All(BlochVectors.Of(truth, 3, [0]), v => Assert.True(double.IsNaN(v)));
        Assert.Throws<ArgumentException>(() => BlochVectors.Of(prediction, 3, [0.5]));
    }

    [Fact]
    public void ColourIsThePositionMappedToRgb()
    {
        Assert.Equal([0.5, 0.5, 0.5], BlochVectors.Rgb([0, 0, 0], 3));
        Assert.Equal([1, 0.5, 0, 0.5, 0.5, 0.5], BlochVectors.Rgb([1, 0, -1, 0, 0, 0], 3));
        // In the disk the third channel is (1 − (r₁ + r₂)/2)/2: +b₁, −b₁, +b₂ and −b₂ get four different colours.
        Assert.Equal([1, 0.5, 0.25, 0, 0.5, 0.75, 0.5, 1, 0.25, 0.5, 0, 0.75], BlochVectors.Rgb([1, 0, -1, 0, 0, 1, 0, -1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlochVectors.Rgb([0], 1));
    }
}
