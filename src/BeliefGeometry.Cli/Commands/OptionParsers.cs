using System.CommandLine.Parsing;
using System.Globalization;

namespace BeliefGeometry.Cli.Commands;

/// <summary>Option parsers whose errors name the option and the allowed values.</summary>
public static class OptionParsers
{
    /// <summary>An integer of at least <paramref name="min"/>.</summary>
    public static Func<ArgumentResult, int> Integer(string option, int min, int fallback) => result =>
    {
        if (result.Tokens.Count == 0) return fallback;
        string text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"option '{option}': '{text}' is not an integer; allowed: an integer ≥ {min}");
            return fallback;
        }
        if (value < min)
        {
            result.AddError($"option '{option}' = {value} is out of range; allowed: an integer ≥ {min}");
            return fallback;
        }
        return value;
    };

    /// <summary>A finite number greater than zero.</summary>
    public static Func<ArgumentResult, double> PositiveNumber(string option, double fallback) => result =>
    {
        if (result.Tokens.Count == 0) return fallback;
        string text = result.Tokens[^1].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            result.AddError($"option '{option}': '{text}' is not a number; allowed: a number > 0, e.g. 1e-9");
            return fallback;
        }
        if (value <= 0)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"option '{option}' = {value} is out of range; allowed: a number > 0, e.g. 1e-9"));
            return fallback;
        }
        return value;
    };
}
