using BeliefGeometry.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace BeliefGeometry.Models.Tests;

/// <summary>
/// The device setting: cpu keeps a model where it is. (CUDA without a CUDA libtorch is tested through a child
/// <c>belief</c> in the CLI tests, so that probing for the CUDA backend never touches this test process's libtorch.)
/// </summary>
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
}
