using System.CommandLine.Parsing;
using System.Globalization;

namespace BeliefGeometry.Cli.Commands;

/// <summary>Option parsers whose errors name the option and the allowed values (the same range whatever was wrong).</summary>
public static class OptionParsers
{
    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>; <paramref name="allowed"/> says so to the user.</summary>
    public static Func<ArgumentResult, int> Integer(string option, int min, int max, string allowed, int fallback) => result =>
    {
        if (result.Tokens.Count == 0) return fallback;
        string text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"option '{option}': '{text}' is not an integer; allowed: {allowed}");
            return fallback;
        }
        if (value < min || value > max)
        {
            result.AddError($"option '{option}' = {value} is out of range; allowed: {allowed}");
            return fallback;
        }
        return value;
    };

    /// <summary>A finite number for which <paramref name="allows"/> holds; <paramref name="allowed"/> says which.</summary>
    public static Func<ArgumentResult, double> Number(string option, Func<double, bool> allows, string allowed, double fallback) => result =>
    {
        if (result.Tokens.Count == 0) return fallback;
        string text = result.Tokens[^1].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            result.AddError($"option '{option}': '{text}' is not a number; allowed: {allowed}");
            return fallback;
        }
        if (!allows(value))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"option '{option}' = {value} is out of range; allowed: {allowed}"));
            return fallback;
        }
        return value;
    };
}
