using System.Globalization;

namespace BeliefGeometry.Processes;

/// <summary>
/// A parameter of a catalog process: its kind, default and allowed <see cref="Range"/> (of the number, or of every
/// entry of a vector or matrix).
/// </summary>
public sealed record ProcessParameter(string Name, ParameterKind Kind, ParameterValue Default, Interval Range, string Description)
{
    public static ProcessParameter Real(string name, double @default, Interval range, string description) =>
        new(name, ParameterKind.Real, ParameterValue.Real(@default), range, description);

    public static ProcessParameter Integer(string name, int @default, int min, int max, string description) =>
        new(name, ParameterKind.Integer, ParameterValue.Integer(@default), Interval.Closed(min, max), description);

    public static ProcessParameter Vector(string name, double[] @default, Interval entries, string description) =>
        new(name, ParameterKind.Vector, ParameterValue.Vector(@default), entries, description);

    public static ProcessParameter Matrix(string name, double[][] @default, Interval entries, string description) =>
        new(name, ParameterKind.Matrix, ParameterValue.Matrix(@default), entries, description);

    /// <summary>What values are allowed, as a phrase: "in (0, 0.5]", "an integer in [1, 100]", "entries in [0, 1]".</summary>
    public string Allowed => Kind switch
    {
        ParameterKind.Real => $"in {Range}",
        ParameterKind.Integer => $"an integer in {Range}",
        _ => $"entries in {Range}",
    };

    /// <summary>The end of a message refusing a value: "allowed range (0, 0.5]", "allowed: an integer in [1, 100]".</summary>
    private string Hint => Kind == ParameterKind.Real ? $"allowed range {Range}" : $"allowed: {Allowed}";

    /// <summary>
    /// Reads the text of a value as a spec gives it. Returns null and the value, or what is wrong as a clause that
    /// follows the parameter's name, e.g. "= 0.7 is out of range; allowed range (0, 0.5]".
    /// </summary>
    internal string? TryParse(string text, out ParameterValue value)
    {
        value = Default;
        switch (Kind)
        {
            case ParameterKind.Real or ParameterKind.Integer:
                if (!TryNumber(text, out double number))
                    return $"= '{Json.Abbreviation.Of(text)}' is not a number; {Hint}";
                if (Kind == ParameterKind.Integer && number != Math.Floor(number))
                    return $"= {ParameterValue.Format(number)} is not an integer; {Hint}";
                if (!Range.Contains(number))
                    return $"= {ParameterValue.Format(number)} is out of range; {Hint}";
                value = Kind == ParameterKind.Real ? ParameterValue.Real(number) : ParameterValue.Integer((int)number);
                return null;
            case ParameterKind.Vector:
                if (!TryList(text, out var items) || !TryNumbers(items, out var entries))
                    return $"= '{Json.Abbreviation.Of(text)}' is not a list of numbers; write it as [a,b,…], {Allowed}";
                value = ParameterValue.Vector(entries);
                return CheckEntries(value);
            default:
                if (!TryList(text, out var rowTexts))
                    return $"= '{Json.Abbreviation.Of(text)}' is not a matrix; write it as [[a,b,…],[c,d,…],…], {Allowed}";
                var rows = new List<double[]>();
                foreach (string rowText in rowTexts)
                {
                    if (!TryList(rowText, out var rowItems) || !TryNumbers(rowItems, out var row))
                        return $"= '{Json.Abbreviation.Of(text)}' is not a matrix; write it as [[a,b,…],[c,d,…],…], {Allowed}";
                    rows.Add(row);
                }
                if (rows.Any(r => r.Length != rows[0].Length))
                    return $"= '{Json.Abbreviation.Of(text)}' has rows of different lengths; every row must have as many entries as the first ({rows[0].Length})";
                value = ParameterValue.Matrix(rows);
                return CheckEntries(value);
        }
    }

    private string? CheckEntries(ParameterValue value)
    {
        var all = value.All.ToArray();
        if (all.Length > ParameterValue.MaxEntries)
            return string.Create(CultureInfo.InvariantCulture, $"has {all.Length:N0} entries; at most {ParameterValue.MaxEntries} are supported");
        int bad = Array.FindIndex(all, x => !Range.Contains(x));
        return bad < 0 ? null : $"= {value} has entry {bad + 1} = {ParameterValue.Format(all[bad])} out of range; {Hint}";
    }

    private static bool TryNumber(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static bool TryNumbers(IReadOnlyList<string> items, out double[] numbers)
    {
        numbers = new double[items.Count];
        for (int i = 0; i < items.Count; i++)
            if (!TryNumber(items[i], out numbers[i])) return false;
        return items.Count > 0;
    }

    /// <summary>The comma-separated items of "[…]", split only outside nested brackets.</summary>
    private static bool TryList(string text, out IReadOnlyList<string> items)
    {
        text = text.Trim();
        items = [];
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']') return false;
        var split = SpecSyntax.SplitTopLevel(text[1..^1]);
        if (split is null) return false;
        items = split;
        return true;
    }
}
