using BeliefGeometry.Beliefs;
using BeliefGeometry.Geometry.Factored;
using BeliefGeometry.Probing;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace BeliefGeometry.Tests.Geometry.Factored;

/// <summary>
/// The factored-geometry engine on activations made by hand (<see cref="SyntheticFactoredActivations"/>): two Mess3
/// factors written into known subspaces of a 64-wide space, with a position code and noise. Both estimates must
/// recover the subspaces, the overlap must be that of the subspaces written, and the dimension Σ (n_k − 1).
/// </summary>
public class FactoredGeometryTests(ITestOutputHelper output)
{
    private const string Product = "mess3:x=0.15,a=0.6*mess3:x=0.15,a=0.6";

    /// <summary>Factor 0 in span(q₀, q₁), factor 1 in span(q₂, q₃): orthogonal.</summary>
    private static Matrix<double>[] Orthogonal(Matrix<double> q) => [q.SubMatrix(0, 64, 0, 2), q.SubMatrix(0, 64, 2, 2)];

    /// <summary>Factor 0 in span(q₀, q₁), factor 1 in span((q₁ + q₂)/√2, q₃): Σσ² = ½, so the overlap of the whole subspaces is ¼.</summary>
    private static Matrix<double>[] Overlapping(Matrix<double> q)
    {
        var second = Matrix<double>.Build.DenseOfColumnVectors((q.Column(1) + q.Column(2)) / Math.Sqrt(2), q.Column(3));
        return [q.SubMatrix(0, 64, 0, 2), second];
    }

    [Fact]
    public void OrthogonalFactorsAreRecoveredWithNoOverlapAndTheirSummedDimension()
    {
        var data = new SyntheticFactoredActivations(Product, 4, Orthogonal, noise: 1e-3);
        var dimensions = FactoredDimensions.Of(data.Prefixes);
        Assert.Equal([2, 2], dimensions.Factors.Select(f => f.BeliefDimension));
        Assert.Equal(4, dimensions.SumOfBeliefDimensions);
        Assert.Equal(4, dimensions.SumOfStateDimensions);
        Assert.Equal(8, dimensions.ProductStateDimension);

        var result = FactoredGeometry.Measure(data.Activations, SyntheticFactoredActivations.Width, data.Prefixes, dimensions, Probes(data));

        Report(result, data);
        Assert.Equal(4, result.ActivationDimension);
        Assert.Equal(2, result.Factors.Count);
        foreach (var factor in result.Factors)
        {
            var truth = data.TrueSubspace(factor.Factor);
            Assert.InRange(SubspaceOverlap.Of(factor.Frozen, truth), 1 - 1e-6, 1 + 1e-12);
            Assert.InRange(SubspaceOverlap.Of(factor.Probe!, truth), 1 - 1e-6, 1 + 1e-12);
            Assert.InRange(factor.Agreement!.Value, 1 - 1e-6, 1 + 1e-12);
            Assert.Equal(2 / 64.0, factor.AgreementRandom, 12);
            // Every (length, other factor's word) is a group of the 3^L words of this factor: Σ_{L=1..4} 3^L groups.
            Assert.Equal(120, factor.FrozenGroups);
            Assert.Equal(data.Prefixes.Count, factor.FrozenRows);
        }
        Assert.Equal([1, 2], result.Overlaps.Select(o => o.K));
        foreach (var overlap in result.Overlaps)
        {
            Assert.InRange(overlap.Frozen, 0, 1e-6);
            Assert.InRange(overlap.Probe!.Value, 0, 1e-6);
            Assert.Equal(overlap.K / 64.0, overlap.Random.Mean, 12);
        }
    }

    [Fact]
    public void OverlappingFactorsShowTheOverlapTheyWereWrittenWith()
    {
        var data = new SyntheticFactoredActivations(Product, 4, Overlapping, noise: 1e-3);
        var dimensions = FactoredDimensions.Of(data.Prefixes);
        var result = FactoredGeometry.Measure(data.Activations, SyntheticFactoredActivations.Width, data.Prefixes, dimensions, Probes(data), ks: [2]);

        Report(result, data);
        var overlap = Assert.Single(result.Overlaps);
        Assert.Equal(0.25, overlap.Frozen, 4);
        Assert.Equal(0.25, overlap.Probe!.Value, 4);
        // One principal angle of 45° and one of 90°.
        Assert.Equal([Math.Sqrt(0.5), 0], overlap.FrozenCosines, new TestSupport.Within(1e-4));
        foreach (var factor in result.Factors)
        {
            Assert.InRange(SubspaceOverlap.Of(factor.Frozen, data.TrueSubspace(factor.Factor)), 1 - 1e-6, 1 + 1e-12);
            Assert.InRange(SubspaceOverlap.Of(factor.Probe!, data.TrueSubspace(factor.Factor)), 1 - 1e-6, 1 + 1e-12);
        }
    }

    [Fact]
    public void WithoutProbesOnlyTheFrozenEstimateIsMade()
    {
        var data = new SyntheticFactoredActivations(Product, 3, Orthogonal, noise: 1e-3);
        var result = FactoredGeometry.Measure(data.Activations, SyntheticFactoredActivations.Width, data.Prefixes, FactoredDimensions.Of(data.Prefixes));
        Assert.All(result.Factors, f => Assert.Null(f.Probe));
        Assert.All(result.Factors, f => Assert.Null(f.Agreement));
        Assert.All(result.Overlaps, o => Assert.Null(o.Probe));
        Assert.Null(result.MostOverlapping(1, probe: true));
        Assert.NotNull(result.MostOverlapping(1, probe: false));
    }

    /// <summary>The numbers, for the record.</summary>
    private void Report(FactoredGeometryResult result, SyntheticFactoredActivations data)
    {
        output.WriteLine($"activation dimension {result.ActivationDimension}; variance {string.Join(" ", result.ActivationExplainedVariance.Take(6).Select(v => v.ToString("0.000000")))}");
        foreach (var f in result.Factors)
            output.WriteLine($"factor {f.Factor}: 1 − overlap with the truth, frozen {1 - SubspaceOverlap.Of(f.Frozen, data.TrueSubspace(f.Factor)):0.000e+0}, probe {1 - SubspaceOverlap.Of(f.Probe!, data.TrueSubspace(f.Factor)):0.000e+0}; agreement {f.Agreement:0.000000}");
        foreach (var o in result.Overlaps)
            output.WriteLine($"k = {o.K}: frozen {o.Frozen:0.0e+0}, probe {o.Probe:0.0e+0}, random {o.Random.Mean:0.0000} ± {o.Random.Sd:0.0000}");
    }

    /// <summary>Each factor's belief probe fitted by weighted least squares on every prefix.</summary>
    private static LinearCoefficients?[] Probes(SyntheticFactoredActivations data)
    {
        var features = new FeatureMatrix("synthetic", data.Activations, SyntheticFactoredActivations.Width);
        var factors = data.Prefixes.Process.Factors!;
        return [.. Enumerable.Range(0, factors.Count).Select(k => new WeightedLinearProbe()
            .Fit(features, ProbeTargets.Readout(data.Prefixes, BeliefReadout.Factor(factors, k)), data.Prefixes.Probabilities.ToArray()).Model)];
    }
}
