namespace BeliefGeometry.Cli.Tests;

/// <summary>
/// <c>training.device</c> = cuda on the CPU build: one line naming the setting, exit 2, nothing trained. Run as a child
/// process, so the probe for a CUDA backend stays out of the test process's libtorch.
/// </summary>
public sealed class DeviceTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public async Task CudaWithoutACudaBuildIsOneLineNamingTheSetting(string device)
    {
        string experiment = _files.Write("tiny.json", TinyExperiment.Json);
        string output = Path.Combine(_files.Directory, "run");
        using var child = BeliefChild.Start("train", experiment, "--out", output, "--set", $"training.device={device}");
        var stdout = child.StandardOutput.ReadToEndAsync();
        string stderr = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        await stdout;
        Assert.Equal(2, child.ExitCode);
        Assert.Equal($"belief: error: training.device '{device}': CUDA is not available (this build has the CPU libtorch only; see the README's GPU section); use cpu\n", stderr);
        Assert.False(File.Exists(Path.Combine(output, "model.safetensors")));
    }
}
