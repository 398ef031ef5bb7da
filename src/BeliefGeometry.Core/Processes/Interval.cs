using System.Globalization;

namespace BeliefGeometry.Processes;

/// <summary>
/// An interval of the real line whose ends may each be included or not, e.g. (0, 0.5] or [0, ∞).
/// An infinite end is never included.
/// </summary>
public sealed record Interval(double Min, bool MinIncluded, double Max, bool MaxIncluded)
{
    /// <summary>[min, max].</summary>
    public static Interval Closed(double min, double max) => new(min, true, max, true);

    /// <summary>(min, max).</summary>
    public static Interval Open(double min, double max) => new(min, false, max, false);

    /// <summary>(min, max].</summary>
    public static Interval LeftOpen(double min, double max) => new(min, false, max, true);

    /// <summary>[min, max).</summary>
    public static Interval RightOpen(double min, double max) => new(min, true, max, false);

    public bool Contains(double value) =>
        double.IsFinite(value)
        && (MinIncluded ? value >= Min : value > Min)
        && (MaxIncluded ? value <= Max : value < Max);

    public override string ToString() =>
        $"{(MinIncluded ? '[' : '(')}{Format(Min)}, {Format(Max)}{(MaxIncluded ? ']' : ')')}";

    /// <summary>A bound as researchers write it: ∞, π and 2π by name, other numbers in the shortest round-trip form.</summary>
    private static string Format(double bound) => bound switch
    {
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        Math.PI => "π",
        2 * Math.PI => "2π",
        _ => bound.ToString(CultureInfo.InvariantCulture),
    };
}
