using TorchSharp;

namespace BeliefGeometry.Models;

/// <summary>
/// One place to bring up libtorch: loads the native CPU backend and pins the intra-op thread count.
/// libtorch otherwise uses every core, and two busy processes on a small machine slow each other
/// down by an order of magnitude (docs/design.md section 3).
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();

    /// <summary>Loads libtorch (CPU) and sets <c>torch.set_num_threads(threads)</c>. Safe to call repeatedly.</summary>
    public static void Initialize(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (Gate)
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            if (torch.get_num_threads() != threads)
                torch.set_num_threads(threads);
        }
    }
}
