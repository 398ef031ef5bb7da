using BeliefGeometry.Cli.Pipeline;
using BeliefGeometry.Models.Training;

namespace BeliefGeometry.Cli.Tests;

/// <summary>probe.json is read back into the records it was written from: writing them again gives the same file.</summary>
public sealed class ProbeFileTests(ProbedRunFixture fixture) : IClassFixture<ProbedRunFixture>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadThenWriteGivesTheSameFile()
    {
        var read = ProbeFile.Read(new RunDirectory(fixture.Run));
        Assert.NotEmpty(read.Analysis.Results);
        Assert.Equal("mess3", read.Info.Process);
        Assert.Equal(read.Analysis.BestBeliefFeatures, read.Best!.Features);
        Assert.True(read.Best.HeldOut.R2PerLength!.Count > 0);

        var copy = new RunDirectory(Path.Combine(_files.Directory, "copy"));
        Directory.CreateDirectory(copy.Path);
        ProbeFile.Write(copy, read.Info, read.Analysis);

        Assert.Equal(File.ReadAllText(Path.Combine(fixture.Run, "probe.json")), File.ReadAllText(copy.ProbePath));
    }

    [Fact]
    public void TheBestSingleHookIsTheHighestR2OutsideTheConcatenation()
    {
        var read = ProbeFile.Read(new RunDirectory(fixture.Run));
        var single = read.BestSingleHook(ProbeRun.ConcatenationName)!;
        Assert.NotEqual(ProbeRun.ConcatenationName, single.Features);
        Assert.All(read.BeliefProbes.Where(r => r.Features != ProbeRun.ConcatenationName), r => Assert.True(r.HeldOut.R2 <= single.HeldOut.R2));
    }
}
