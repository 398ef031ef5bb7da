using System.Globalization;

namespace BeliefGeometry.Processes;

/// <summary>A numeric parameter of a catalog process, valid in the open interval (Min, Max).</summary>
public sealed record ProcessParameter(string Name, double Default, double Min, double Max, string Description)
{
    public bool Allows(double value) => value > Min && value < Max;

    public string Range => string.Create(CultureInfo.InvariantCulture, $"({Min}, {Max})");
}
