using BeliefGeometry.Data;
using BeliefGeometry.Processes;
using BeliefGeometry.Reports.Figures;

namespace BeliefGeometry.Reports.Tests.Figures;

public class FigureWriterTests
{
    private static void AssertWritten(FigureFiles files, string directory)
    {
        FileChecks.AssertPng(files.PngPath);
        FileChecks.AssertSvg(files.SvgPath);
        Assert.Empty(FileChecks.TempFiles(directory));
    }

    /// <summary>The SVG's text, once both files are checked.</summary>
    private static string WrittenSvg(FigureFiles files, string directory)
    {
        AssertWritten(files, directory);
        return File.ReadAllText(files.SvgPath);
    }

    [Fact]
    public void SimplexFigureOfMess3()
    {
        using var dir = new TempDirectory();
        var files = SimplexFigure.Write(SampleData.Mess3(), dir.File("simplex"));
        Assert.Equal(dir.File("simplex.png"), files.PngPath);
        Assert.Equal(dir.File("simplex.svg"), files.SvgPath);
        AssertWritten(files, dir.Path);
        Assert.True(FileChecks.DistinctColors(File.ReadAllBytes(files.PngPath)) > 100, "the simplex should be colourful");
    }

    [Fact]
    public void SimplexFigureWithoutPrediction()
    {
        using var dir = new TempDirectory();
        AssertWritten(SimplexFigure.Write(SampleData.Mess3() with { Prediction = null }, dir.File("truth")), dir.Path);
    }

    [Fact]
    public void SimplexFigureRejectsOtherStateCountsAndSpaces()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => SimplexFigure.Write(SampleData.Beliefs("rrxor", 6, 0.01), dir.File("x")));
        // Three states that are not a distribution: a qubit's [tr, b_x, b_z] or moon's.
        Assert.Throws<ArgumentException>(() => SimplexFigure.Write(SampleData.Beliefs(GeneralizedProcesses.BlochWalk(), 3, 0), dir.File("y")));
        Assert.Throws<ArgumentException>(() => SimplexFigure.Write(SampleData.Beliefs(GeneralizedProcesses.Moon(), 3, 0), dir.File("z")));
    }

    [Fact]
    public void MismatchedShapesNameTheField()
    {
        var beliefs = SampleData.Mess3() with { Prediction = [0.5, 0.5] };
        Assert.Equal("Prediction", Assert.Throws<ArgumentException>(beliefs.Validate).ParamName);
    }

    [Fact]
    public void PcaFigureOfRrxor()
    {
        using var dir = new TempDirectory();
        AssertWritten(BeliefPcaFigure.Write(SampleData.Beliefs("rrxor", 6, 0.02), dir.File("pca")), dir.Path);
    }

    [Fact]
    public void BeliefFigureChoosesByStateCount()
    {
        using var dir = new TempDirectory();
        AssertWritten(BeliefFigure.Write(SampleData.Mess3(), dir.File("three")), dir.Path);
        AssertWritten(BeliefFigure.Write(SampleData.Beliefs("golden_mean", 6, 0.02), dir.File("two")), dir.Path);
    }

    [Fact]
    public void BlochDiskOfBlochWalkIsLabelledByItsComponents()
    {
        using var dir = new TempDirectory();
        var files = BeliefFigure.Write(SampleData.Beliefs(GeneralizedProcesses.BlochWalk(), 6, 0.02), dir.File("disk"));
        string svg = WrittenSvg(files, dir.Path);
        Assert.Contains("b_x", svg);
        Assert.Contains("b_z", svg);
        Assert.True(FileChecks.DistinctColors(File.ReadAllBytes(files.PngPath)) > 100, "the disk is coloured by position");
    }

    [Fact]
    public void BlochBallOfQuantumRrxorAndTheExactFigureWithoutPrediction()
    {
        using var dir = new TempDirectory();
        var process = GeneralizedProcesses.QuantumRrxor();
        Assert.Contains("b_y", WrittenSvg(BeliefFigure.Write(SampleData.Beliefs(process, 6, 0.02), dir.File("ball")), dir.Path));
        string svg = WrittenSvg(BeliefFigure.WriteExact(PrefixSet.Enumerate(process, new SequenceLayout(6, process.TokenCount)), dir.File("exact")), dir.Path);
        Assert.Contains("Exact beliefs, prefix lengths 1–6", svg);
        Assert.DoesNotContain("Probe prediction", svg);
    }

    [Fact]
    public void BlochFigureRejectsOtherStateCounts()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => BlochFigure.Write(SampleData.Beliefs("rrxor", 4, 0) with { Space = BeliefSpace.Bloch }, dir.File("x")));
    }

    [Fact]
    public void AGeneralizedHmmGetsNoSimplexCorners()
    {
        using var dir = new TempDirectory();
        var moon = SampleData.Beliefs(GeneralizedProcesses.Moon(), 7, 0.02) with { StateNames = ["corner_a", "corner_b", "corner_c"] };
        string svg = WrittenSvg(BeliefFigure.Write(moon, dir.File("moon")), dir.Path);
        Assert.DoesNotContain("corner_", svg);
        Assert.Contains("PC1 (", svg);
        // The same beliefs drawn as an HMM's would have them: the test can tell.
        Assert.Contains("corner_a", WrittenSvg(BeliefPcaFigure.Write(moon with { Space = BeliefSpace.Simplex }, dir.File("as_simplex")), dir.Path));
    }

    [Fact]
    public void AGeneralizedHmmWithThreeDimensionsGetsTheObliqueView()
    {
        using var dir = new TempDirectory();
        var fanizza = SampleData.Beliefs(GeneralizedProcesses.Fanizza(), 8, 0.02) with { StateNames = ["corner_a", "corner_b", "corner_c", "corner_d"] };
        var files = BeliefFigure.Write(fanizza, dir.File("fanizza"));
        string svg = WrittenSvg(files, dir.Path);
        Assert.Contains("PC3 (", svg);
        Assert.DoesNotContain("corner_", svg);
    }

    [Fact]
    public void LineAndBarFigures()
    {
        using var dir = new TempDirectory();
        AssertWritten(PositionLossFigure.Write(SampleData.PositionLoss(), dir.File("loss")), dir.Path);
        AssertWritten(TrainingCurveFigure.Write(SampleData.TrainingCurve(), dir.File("training")), dir.Path);
        AssertWritten(ProbeScoreFigure.Write(SampleData.ProbeScores(), dir.File("r2")), dir.Path);
        AssertWritten(ExplainedVarianceFigure.Write(SampleData.VarianceCurves(), dir.File("pca")), dir.Path);
        AssertWritten(LengthScoreFigure.Write(
            [new LengthSeries("all layers", [1, 2, 3], [0.98, 0.995, 0.997]), new LengthSeries("blocks.0.hook_resid_pre", [1, 2, 3], [0.9, 0.8, 0.75])],
            dir.File("lengths")), dir.Path);
    }

    [Fact]
    public void FarFutureFigureWithAndWithoutTheConcatenationAndTheUntrainedModel()
    {
        using var dir = new TempDirectory();
        var hooks = SampleData.Hooks.Select((h, i) => new FarFuturePoint(h, SampleData.R2[i], 0.3, 0.25, 0.35, 0.2)).ToArray();
        ReferenceLine[] references = [new("Next-token distribution → beliefs", 0.26), new("Beliefs → shuffled", 0.24)];
        var files = FarFutureFigure.Write(new FarFutureCurves(hooks, new FarFuturePoint("all layers", 0.97, 0.31, 0.28, 0.34, 0.4), references), dir.File("far"));
        AssertWritten(files, dir.Path);
        string svg = File.ReadAllText(files.SvgPath);
        Assert.Contains("all layers", svg);
        Assert.Contains("Untrained model → beliefs", svg);
        Assert.Contains("Beliefs → shuffled (0.240)", svg);
        var bare = FarFutureFigure.Write(new FarFutureCurves([.. hooks.Select(h => h with { UntrainedR2 = double.NaN })], null, []), dir.File("bare"));
        AssertWritten(bare, dir.Path);
        Assert.DoesNotContain("Untrained", File.ReadAllText(bare.SvgPath));
        Assert.Throws<ArgumentException>(() => FarFutureFigure.Write(new FarFutureCurves([], null, []), dir.File("none")));
    }

    [Fact]
    public void FactoredFigureWithAndWithoutTheConcatenationAndTheProbes()
    {
        using var dir = new TempDirectory();
        var hooks = SampleData.Hooks.Select((h, i) => new FactoredPoint(h, [0.004 * (i + 1), 0.01], [0.006, 0.02 * (i + 1)], [0.03, 0.05], [0.8, 0.9],
            [1 / 64.0, 2 / 64.0], 4 + i % 2, 7)).ToArray();
        ReferenceLine[] references = [new("Σ m_k", 4), new("joint belief at 95%", 4), new("Π n_k − 1", 8)];
        var files = FactoredFigure.Write(new FactoredCurves([1, 2], hooks, hooks[^1] with { Features = "all layers", Probe = [0, 1e-9] }, references), dir.File("factored"));
        AssertWritten(files, dir.Path);
        string svg = File.ReadAllText(files.SvgPath);
        Assert.Contains("all layers", svg);
        Assert.Contains("Overlap of factor subspaces, k = 2", svg);
        // Coinciding references share a line and one label.
        Assert.Contains("Σ m_k = joint belief at 95% = 4", svg);
        Assert.Contains("Π n_k − 1 = 8", svg);
        // Without probe estimates (NaN) and without the concatenation.
        var bare = FactoredFigure.Write(new FactoredCurves([1], [.. hooks.Select(h => h with { Probe = [double.NaN], UntrainedProbe = [double.NaN] })], null, references),
            dir.File("bare"));
        AssertWritten(bare, dir.Path);
        Assert.DoesNotContain("all layers", File.ReadAllText(bare.SvgPath));
        Assert.Throws<ArgumentException>(() => FactoredFigure.Write(new FactoredCurves([1], [], null, references), dir.File("none")));
    }

    [Fact]
    public void FiguresAreDeterministicAndOverwriteAtomically()
    {
        using var dir = new TempDirectory();
        var first = ProbeScoreFigure.Write(SampleData.ProbeScores(), dir.File("r2"));
        var png = File.ReadAllBytes(first.PngPath);
        var svg = File.ReadAllBytes(first.SvgPath);
        var second = ProbeScoreFigure.Write(SampleData.ProbeScores(), dir.File("r2"));
        Assert.Equal(png, File.ReadAllBytes(second.PngPath));
        Assert.Equal(svg, File.ReadAllBytes(second.SvgPath));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void BestHookIsTheHighestR2() =>
        Assert.Equal(2, ProbeScoreFigure.BestIndex(SampleData.ProbeScores().Hooks));

    [Fact]
    public void TokenCountsReadCompactly()
    {
        Assert.Equal("950", TrainingCurveFigure.FormatTokens(950));
        Assert.Equal("1.5k", TrainingCurveFigure.FormatTokens(1500));
        Assert.Equal("10M", TrainingCurveFigure.FormatTokens(1e7));
    }

    [Fact]
    public void MismatchedSeriesAreRejected()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => PositionLossFigure.Write(new PositionLoss([1, 2], [1]), dir.File("x")));
        Assert.Throws<ArgumentException>(() => TrainingCurveFigure.Write(new TrainingCurve([1, 2], [1], 0.5), dir.File("y")));
        Assert.Throws<ArgumentException>(() => LengthScoreFigure.Write([new LengthSeries("a", [1, 2], [0.5])], dir.File("z")));
    }
}
