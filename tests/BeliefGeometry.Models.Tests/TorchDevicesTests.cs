using BeliefGeometry.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests;

/// <summary>The device setting: cpu keeps a model where it is, CUDA without a CUDA libtorch is one line naming the setting, and inputs follow the model's device.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchDevicesTests
{
    [Fact]
    public void CpuIsTheModelsDeviceAndMovingThereChangesNothing()
    {
        TorchRuntime.Initialize(TorchCollection.Threads);
        using var model = new HookedTransformer(TransformerConfig.Mess3Paper with { NLayers = 1 }, seed: 0);
        Assert.Same(model, TorchDevices.To(model, "cpu"));
        Assert.Equal(DeviceType.CPU, TorchDevices.Of(model).type);
        Assert.Equal(DeviceType.CPU, TorchDevices.Parse("cpu").type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void CudaWithoutACudaBuildIsOneLineNamingTheSetting(string device)
    {
        TorchRuntime.Initialize(TorchCollection.Threads);
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, TorchDevices.Parse(device).type); // after switching to the CUDA package (README, "GPU")
            return;
        }
        var e = Assert.Throws<InputException>(() => TorchDevices.Parse(device));
        Assert.Equal($"training.device '{device}': CUDA is not available (this build has the CPU libtorch only; see the README's GPU section); use cpu", e.Message);
    }
}
