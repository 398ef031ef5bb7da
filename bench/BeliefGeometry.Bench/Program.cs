using BenchmarkDotNet.Running;

namespace BeliefGeometry.Bench;

public static class Program
{
    /// <summary>BenchmarkDotNet's switcher, or <c>geometry-scale …</c> (<see cref="GeometryScaleCommand"/>): one run outside BenchmarkDotNet, or <c>geometry-generate …</c>: the file alone.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == GeometryScaleCommand.Name) return GeometryScaleCommand.Run(args[1..]);
        if (args.Length > 0 && args[0] == GeometryScaleCommand.GenerateName) return GeometryScaleCommand.Generate(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
